'use client';
import { useDeferredValue, useState } from 'react';
import type { Lang } from '../../../server/protocol';
import { languageName, textDirection } from '../../../server/language-tags';
import { interpretedMark } from '../../embed/_client/embed-text';
import { languagesInText } from '../../lib/i18n/language-names';
import type { TranscriptText } from '../../lib/i18n/transcript';
import type { UiLang } from '../../lib/i18n/ui-lang';
import type { LaneLabel } from '../../lib/speaker-label';
import { IsolatedText } from '../viewer/caption-text';
import { matchesQuery } from '../../lib/transcript-search';

export interface TranscriptRow {
  readonly key: string;
  readonly startMs: number;
  readonly turnStart: boolean;
  /** The speaker's label in the interface language, or in the transcript's first language. */
  readonly speaker: LaneLabel;
  readonly colour: number;
  readonly sourceLang: Lang;
  readonly kind: 'speech' | 'sound';
  readonly text: Partial<Record<Lang, string>>;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Grid columns from tablet width: time, speaker, then one per language (whole class names, so Tailwind sees them). */
const COLUMNS: Readonly<Record<number, string>> = {
  1: 'md:grid-cols-[4rem_12rem_minmax(0,1fr)]',
  2: 'md:grid-cols-[4rem_12rem_repeat(2,minmax(0,1fr))]',
  3: 'md:grid-cols-[4rem_10rem_repeat(3,minmax(0,1fr))]',
};
const MANY_COLUMNS = 'md:grid-cols-[4rem_10rem_repeat(auto-fit,minmax(12rem,1fr))]';

/**
 * The transcript as a searchable list: one row a sentence, its languages side by side, each in its
 * own direction (an Arabic column reads from the right).
 */
export function TranscriptBrowser({ rows, languages, text, uiLang }: { rows: readonly TranscriptRow[]; languages: readonly Lang[]; text: TranscriptText; uiLang: UiLang }) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const shown = deferred.trim() ? rows.filter((row) => matchesQuery(row.text, deferred)) : rows;
  const laneName = (lang: Lang) => languageName(lang, uiLang);
  const search = languages.length === 1 ? text.search_one : languages.length === 2 ? text.search_two : text.search_many;
  return (
    <section aria-labelledby="lines-heading" className="flex flex-col gap-3">
      <h2 id="lines-heading" className="visually-hidden">
        {text.transcript}
      </h2>
      <label className="flex flex-col gap-1 text-sm font-semibold">
        {search}
        <input
          type="search"
          // A query in Arabic or Hebrew runs right to left as it is typed.
          dir="auto"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={text.searchPlaceholder.replace('{langs}', languagesInText(languages, uiLang))}
          className="rounded border border-neutral-500 bg-neutral-900 px-3 py-2 text-base font-normal text-neutral-100 placeholder:text-neutral-400 focus-visible:outline-2 focus-visible:outline-sky-300"
          data-testid="transcript-search"
        />
      </label>
      <p role="status" className="text-sm text-neutral-300" data-testid="match-count">
        {deferred.trim() ? (shown.length === 0 ? text.noMatch : text.matches.replace('{n}', String(shown.length)).replace('{total}', String(rows.length))) : ''}
      </p>
      <ol className="flex flex-col" data-testid="transcript-lines">
        {shown.map((row) => (
          <li key={row.key} className={`grid gap-x-4 gap-y-1 py-2 ${COLUMNS[languages.length] ?? MANY_COLUMNS} ${row.turnStart ? 'border-t border-neutral-700' : ''}`}>
            <span className="font-mono text-sm text-neutral-300">{clock(row.startMs)}</span>
            <span className="text-sm font-semibold" style={{ color: `var(--speaker-${row.colour % 8})` }} lang={row.speaker.lang === uiLang ? undefined : row.speaker.lang}>
              {row.turnStart || deferred.trim() ? row.speaker.text : ''}
            </span>
            {languages.map((lang) => (
              <p key={lang} lang={lang} dir={textDirection(lang)} className={`text-start ${row.kind === 'sound' ? 'text-neutral-300' : ''}`}>
                <span className="visually-hidden" lang={uiLang}>
                  {laneName(lang)}:{' '}
                </span>
                <IsolatedText text={row.text[lang] ?? ''} sound={row.kind === 'sound'} />
                {row.kind === 'speech' && row.sourceLang !== lang && row.text[lang] ? (
                  <span className="ms-1 text-xs text-neutral-300">({interpretedMark(lang)})</span>
                ) : null}
              </p>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}
