import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { roomCodeFromPath } from '../../../server/rooms/room-code';
import { getServices } from '../../../server/services';
import { CaptionViewer } from '../../components/viewer/caption-viewer';
import { requestUiLang } from '../../lib/i18n/server';
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

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const room = await findRoom((await params).room);
  return { title: room ? `${room.info.title} (live captions)` : 'Room not found' };
}

/**
 * The viewer. Server-rendered with the captions on screen now (and the display settings the URL
 * asks for), so the first paint already shows text.
 */
export default async function WatchPage({ params, searchParams }: Props) {
  const room = await findRoom((await params).room);
  if (!room) notFound();
  const [uiLang, query] = await Promise.all([requestUiLang(), searchParams]);
  const snapshot = room.snapshot();
  return <CaptionViewer code={room.code} initial={snapshot} initialSettings={parseSettings(query)} uiLang={uiLang} />;
}
