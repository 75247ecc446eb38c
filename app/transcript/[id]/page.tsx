import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getServices } from '../../../server/services';
import { TranscriptBrowser, type TranscriptRow } from '../../components/transcript/transcript-browser';
import { Attribution } from '../../components/transcript/attribution';
import { UiLangSwitch } from '../../components/ui-lang-switch';
import { titleIn } from '../../lib/i18n/room-title';
import { requestUiLang } from '../../lib/i18n/server';
import { languageInText } from '../../lib/i18n/language-names';
import { TRANSCRIPT } from '../../lib/i18n/transcript';
import { speakerLabel } from '../../lib/speaker-label';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const transcript = await getServices().transcripts.get((await params).id);
  if (!transcript) return {};
  const uiLang = await requestUiLang();
  return { title: `${titleIn(transcript.meta, uiLang, transcript.languages[0]).title} (${TRANSCRIPT[uiLang].transcript.toLowerCase()})` };
}

/** The whole transcript in all its languages with speakers and times, searchable, with its downloads. */
export default async function TranscriptPage({ params }: Props) {
  const { id } = await params;
  const { transcripts, rooms } = getServices();
  const transcript = await transcripts.get(id);
  if (!transcript) notFound();
  const uiLang = await requestUiLang();
  const text = TRANSCRIPT[uiLang];
  const speakers = new Map(transcript.speakers.map((s) => [s.id, s]));
  const rows: TranscriptRow[] = transcript.segments.map((s) => ({
    key: s.id,
    startMs: s.startMs,
    turnStart: s.index === 0 || transcript.segments[s.index - 1].turn !== s.turn,
    speaker: speakerLabel(speakers.get(s.speakerId), uiLang, transcript.languages, s.speakerId),
    colour: speakers.get(s.speakerId)?.colour ?? 0,
    sourceLang: s.sourceLang,
    kind: s.kind,
    text: s.text,
  }));
  const base = `/api/transcripts/${encodeURIComponent(transcript.id)}`;
  // Only the transcript's own languages: a one-language transcript offers no "both".
  const languages = transcript.languages;
  const each = (format: string, label: string): [string, string][] =>
    languages.map((lang) => [`${base}${format}?lang=${encodeURIComponent(lang)}`, label.replace('{lang}', languageInText(lang, uiLang))]);
  const downloads: [string, string][] = [
    ...(languages.length > 1 ? [[`${base}/captions.vtt?lang=both`, languages.length === 2 ? text.vttBoth : text.vttAll] as [string, string]] : []),
    ...each('/captions.vtt', text.vttOne),
    ...each('/captions.srt', text.srtOne),
    ...each('', text.jsonOne),
    [base, text.jsonAll],
  ];
  const playing = (await rooms.listed()).filter((room) => room.info.transcriptId === transcript.id);
  const title = titleIn(transcript.meta, uiLang, transcript.languages[0]);
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-8">
      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-sm uppercase tracking-wider text-neutral-300">{text.transcript}</p>
          <UiLangSwitch lang={uiLang} />
        </div>
        <h1 className="text-2xl font-bold" lang={title.lang}>
          {title.title}
        </h1>
        <p className="text-sm text-neutral-300">
          {[transcript.meta.place, transcript.meta.date].filter(Boolean).join(' · ')}
          {(transcript.meta.place || transcript.meta.date) && transcript.meta.attribution ? ' · ' : null}
          <Attribution text={transcript.meta.attribution} sourceLabel={text.source} linkClass="text-sky-300 underline" />
        </p>
        {playing.length > 0 ? (
          <p className="text-sm">
            {text.watchLive}:{' '}
            {playing.map((room) => (
              <a key={room.code} href={`/watch/${room.code}`} className="mr-2 font-mono font-bold text-sky-300 underline">
                {room.code}
              </a>
            ))}
          </p>
        ) : null}
      </header>
      <section aria-labelledby="downloads-heading" className="flex flex-col gap-2">
        <h2 id="downloads-heading" className="text-lg font-semibold">
          {text.downloads}
        </h2>
        <ul className="flex flex-wrap gap-2">
          {downloads.map(([href, label]) => (
            <li key={href}>
              <a href={href} download className="inline-block rounded border border-neutral-600 px-3 py-1.5 text-sm text-sky-300 hover:bg-neutral-800 focus-visible:outline-2 focus-visible:outline-sky-300">
                {label}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <TranscriptBrowser rows={rows} languages={transcript.languages} text={text} uiLang={uiLang} />
    </main>
  );
}
