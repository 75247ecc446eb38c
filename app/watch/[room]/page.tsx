import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { normaliseRoomCode } from '../../../server/rooms/room-code';
import { getServices } from '../../../server/services';
import { CaptionViewer } from '../../components/caption-viewer';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ room: string }> };

function findRoom(raw: string) {
  const code = normaliseRoomCode(decodeURIComponent(raw));
  return code ? getServices().registry.get(code) : undefined;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const room = findRoom((await params).room);
  return { title: room ? `${room.info.title} (live captions)` : 'Room not found' };
}

/** Server-rendered with the captions on screen now, so the first paint already shows text. */
export default async function WatchPage({ params }: Props) {
  const room = findRoom((await params).room);
  if (!room) notFound();
  const snapshot = getServices().registry.snapshot(room);
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-4 px-4 py-6">
      <CaptionViewer code={room.code} initial={snapshot} />
    </main>
  );
}
