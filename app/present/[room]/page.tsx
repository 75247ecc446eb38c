import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import QRCode from 'qrcode';
import { joinOrigin, publicOrigin, type JoinOrigin } from '../../../server/http/public-origin';
import { roomCodeFromPath } from '../../../server/rooms/room-code';
import { getServices } from '../../../server/services';
import { PresenterConsole } from '../../components/presenter/presenter-console';
import { PRESENTER } from '../../lib/i18n/presenter';
import { requestUiLang } from '../../lib/i18n/server';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ room: string }> };

async function findRoom(raw: string) {
  const code = roomCodeFromPath(raw);
  return code ? getServices().rooms.describe(code) : undefined;
}

/**
 * Where students are sent: PUBLIC_URL; else this site's origin as the presenter's browser reached
 * it (behind a trusted proxy, as the proxy says), unless that is localhost, which no phone can open:
 * then this machine's network address, when it has one.
 */
async function studentsOrigin(): Promise<JoinOrigin> {
  const list = await headers();
  const services = getServices();
  const origin = publicOrigin(
    { host: list.get('host'), forwardedHost: list.get('x-forwarded-host'), forwardedProto: list.get('x-forwarded-proto'), requestUrl: 'http://localhost/' },
    services.trustProxy,
  );
  return joinOrigin(origin, services.publicUrl, services.publicUrl ? [] : services.lanOrigins());
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const room = await findRoom((await params).room);
  const t = PRESENTER[await requestUiLang()];
  return { title: room ? `${t.consoleKicker}: ${room.code}` : t.roomNotFound, robots: { index: false } };
}

/**
 * The presenter console. Rendered without the secret (the server never has it here): the browser
 * reads it from sessionStorage and proves it in the socket handshake.
 */
export default async function PresentPage({ params }: Props) {
  const room = await findRoom((await params).room);
  if (!room) notFound();
  const [lang, reach] = await Promise.all([requestUiLang(), studentsOrigin()]);
  const origin = reach.origin;
  const joinUrl = `${origin}/watch/${room.code}`;
  // Medium error correction and a quiet zone of two modules scan reliably off a projector.
  const qrSvg = await QRCode.toString(joinUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
  const translated = room.info.titles?.[lang];
  return (
    <PresenterConsole
      lang={lang}
      code={room.code}
      title={translated ?? room.info.title}
      titleLang={translated ? lang : (room.info.languages[0] ?? 'en')}
      initial={room.snapshot()}
      segments={room.segments}
      joinUrl={joinUrl}
      origin={origin}
      reach={reach.kind === 'lan' ? { kind: 'lan', others: reach.others.map((o) => `${o}/watch/${room.code}`) } : { kind: reach.kind }}
      qrSvg={qrSvg}
    />
  );
}
