import Link from 'next/link';
import { getServices } from '../server/services';

export const dynamic = 'force-dynamic';

export default function HomePage() {
  const { registry, defaultRoom } = getServices();
  const rooms = registry.list();
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-8 px-4 py-10">
      <header className="flex flex-col gap-2">
        <h1 className="text-3xl font-bold">Boothcast</h1>
        <p className="text-neutral-200">
          Live captions with their interpretation: English and Russian, side by side, every line labelled with its
          speaker, in sync for everyone watching.
        </p>
      </header>
      <section aria-labelledby="rooms-heading" className="flex flex-col gap-3">
        <h2 id="rooms-heading" className="text-xl font-semibold">
          Playing now
        </h2>
        <ul className="flex flex-col gap-3">
          {rooms.map((room) => (
            <li key={room.code} className="rounded-lg border border-neutral-700 p-4">
              <Link
                href={`/watch/${room.code}`}
                className="text-lg font-semibold text-sky-300 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-sky-300"
              >
                {room.info.title}
              </Link>
              <p className="mt-1 text-sm text-neutral-300">
                Room <span className="font-mono font-bold tracking-widest">{room.code}</span>
                {room.code === defaultRoom ? ' · replaying as live, on a loop' : null}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
