import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { roomCodeFromPath } from '../../../server/rooms/room-code';
import { publicOrigin } from '../../../server/http/public-origin';
import { getServices } from '../../../server/services';
import { CaptionViewer, type ViewerFace } from '../../components/viewer/caption-viewer';
import { titleIn } from '../../lib/i18n/room-title';
import { requestUiLang } from '../../lib/i18n/server';
import { VIEWER } from '../../lib/i18n/viewer';
import { parseSettings } from '../../lib/viewer-settings';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ room: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

async function findRoom(raw: string) {
  const code = roomCodeFromPath(raw);
  return code ? getServices().rooms.describe(code) : undefined;
}

/** The title in the interface language, and the oEmbed discovery link (https://oembed.com/#section4) in that language too. */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const room = await findRoom((await params).room);
  if (!room) return {};
  const [uiLang, list] = await Promise.all([requestUiLang(), headers()]);
  const origin = publicOrigin(
    { host: list.get('host'), forwardedHost: list.get('x-forwarded-host'), forwardedProto: list.get('x-forwarded-proto'), requestUrl: 'http://localhost/' },
    getServices().trustProxy,
    getServices().publicUrl,
  );
  const page = `${origin}/watch/${room.code}`;
  const oembed = `${origin}/api/oembed?url=${encodeURIComponent(page)}&format=json&lang=${uiLang}`;
  return {
    title: `${titleIn(room.info, uiLang, room.info.languages[0]).title} (${VIEWER[uiLang].liveCaptions})`,
    alternates: { types: { 'application/json+oembed': oembed } },
  };
}

/**
 * The viewer. Server-rendered with the captions on screen now (and the display settings the URL
 * asks for), so the first paint already shows text. `?view=stage` is the stage face, captions only
 * for a projector (`&pos=top` puts them at the top).
 */
export default async function WatchPage({ params, searchParams }: Props) {
  const room = await findRoom((await params).room);
  if (!room) notFound();
  const [uiLang, query] = await Promise.all([requestUiLang(), searchParams]);
  const snapshot = room.snapshot();
  const face: ViewerFace = query.view === 'stage' ? { view: 'stage', pos: query.pos === 'top' ? 'top' : 'bottom' } : { view: 'page' };
  return <CaptionViewer code={room.code} initial={snapshot} initialSettings={parseSettings(query)} uiLang={uiLang} face={face} />;
}
