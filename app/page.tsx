import Link from 'next/link';
import type { Lang, RoomInfo } from '../server/protocol';
import { getServices } from '../server/services';
import { JoinRoomForm } from './components/presenter/join-room-form';
import { StartRoomForm, type TranscriptChoice } from './components/presenter/start-room-form';
import { LINK } from './components/presenter/styles';
import { UiLangSwitch } from './components/ui-lang-switch';
import { COMMON } from './lib/i18n/common';
import { PRESENTER } from './lib/i18n/presenter';
import { requestUiLang } from './lib/i18n/server';
import type { UiLang } from './lib/i18n/ui-lang';

export const dynamic = 'force-dynamic';

/** A transcript's title in the interface language when it has one, with the language it is in. */
function titleOf(named: Pick<RoomInfo, 'title' | 'titles' | 'languages'>, lang: UiLang): { title: string; titleLang: Lang } {
  const translated = named.titles?.[lang];
  if (translated) return { title: translated, titleLang: lang };
  return { title: named.title, titleLang: named.languages[0] ?? 'en' };
}

/** The front door: students join a room by its code; presenters start one; everyone sees what is playing. */
export default async function HomePage() {
  const lang = await requestUiLang();
  const t = PRESENTER[lang];
  const common = COMMON[lang];
  const services = getServices();
  // Classroom rooms are private to those given the code: only the public, uncontrolled rooms are listed.
  const rooms = await services.rooms.listed();
  // Uploads belong to whoever uploaded them: only the bundled transcripts are offered to everyone.
  const choices: TranscriptChoice[] = services.transcripts.bundled().map((transcript) => ({
    id: transcript.id,
    ...titleOf({ ...transcript.meta, languages: transcript.languages }, lang),
    durationMs: transcript.durationMs,
  }));

  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-10 px-4 py-10">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex min-w-0 flex-col gap-2">
          <h1 className="text-3xl font-bold">{common.appName}</h1>
          <p className="text-neutral-200">{common.tagline}</p>
        </div>
        <UiLangSwitch lang={lang} />
      </header>

      <section aria-labelledby="join-heading" className="flex flex-col gap-3">
        <h2 id="join-heading" className="text-xl font-semibold">
          {t.joinHeading}
        </h2>
        <JoinRoomForm lang={lang} />
      </section>

      <section aria-labelledby="rooms-heading" className="flex flex-col gap-3">
        <h2 id="rooms-heading" className="text-xl font-semibold">
          {t.playingNow}
        </h2>
        {rooms.length === 0 ? <p className="text-neutral-300">{t.noRooms}</p> : null}
        <ul className="flex flex-col gap-3">
          {rooms.map((room) => {
            const { title, titleLang } = titleOf(room.info, lang);
            return (
              <li key={room.code} className="rounded-lg border border-neutral-700 p-4">
                <Link href={`/watch/${room.code}`} className={`text-lg font-semibold break-words ${LINK}`} lang={titleLang === lang ? undefined : titleLang}>
                  {title}
                </Link>
                <p className="mt-1 text-sm text-neutral-300">
                  {t.roomLabel} <span className="font-mono font-bold tracking-widest">{room.code}</span>
                  {room.code === services.defaultRoom ? ` · ${t.defaultRoomNote}` : null}
                </p>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="start-heading" className="flex flex-col gap-3">
        <h2 id="start-heading" className="text-xl font-semibold">
          {t.startHeading}
        </h2>
        <p className="text-neutral-200">{t.startIntro}</p>
        <StartRoomForm lang={lang} transcripts={choices} />
      </section>
    </main>
  );
}
