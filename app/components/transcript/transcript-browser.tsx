'use client';
import { useDeferredValue, useState } from 'react';
import type { Lang } from '../../../server/protocol';
import type { TranscriptText } from '../../lib/i18n/transcript';
import { matchesQuery } from '../../lib/transcript-search';

export interface TranscriptRow {
  readonly key: string;
  readonly startMs: number;
  readonly turnStart: boolean;
  readonly speaker: string;
  readonly colour: number;
  readonly sourceLang: Lang;
  readonly kind: 'speech' | 'sound';
  readonly text: Partial<Record<Lang, string>>;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The transcript as a searchable list: one row a sentence, both languages side by side. */
export function TranscriptBrowser({ rows, languages, text }: { rows: readonly TranscriptRow[]; languages: readonly Lang[]; text: TranscriptText }) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const shown = deferred.trim() ? rows.filter((row) => matchesQuery(row.text, deferred)) : rows;
  const laneName = (lang: Lang) => (lang === 'en' ? text.english : text.russian);
  return (
    <section aria-labelledby="lines-heading" className="flex flex-col gap-3">
      <h2 id="lines-heading" className="visually-hidden">
        {text.transcript}
      </h2>
      <label className="flex flex-col gap-1 text-sm font-semibold">
        {text.search}
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={text.searchPlaceholder}
          className="rounded border border-neutral-500 bg-neutral-900 px-3 py-2 text-base font-normal text-neutral-100 placeholder:text-neutral-400 focus-visible:outline-2 focus-visible:outline-sky-300"
          data-testid="transcript-search"
        />
      </label>
      <p role="status" className="text-sm text-neutral-300" data-testid="match-count">
        {deferred.trim() ? (shown.length === 0 ? text.noMatch : text.matches.replace('{n}', String(shown.length)).replace('{total}', String(rows.length))) : ''}
      </p>
      <ol className="flex flex-col" data-testid="transcript-lines">
        {shown.map((row) => (
          <li key={row.key} className={`grid gap-x-4 gap-y-1 py-2 md:grid-cols-[4rem_12rem_1fr_1fr] ${row.turnStart ? 'border-t border-neutral-700' : ''}`}>
            <span className="font-mono text-sm text-neutral-300">{clock(row.startMs)}</span>
            <span className="text-sm font-semibold" style={{ color: `var(--speaker-${row.colour % 8})` }}>
              {row.turnStart || deferred.trim() ? row.speaker : ''}
            </span>
            {languages.map((lang) => (
              <p key={lang} lang={lang} className={row.kind === 'sound' ? 'text-neutral-300' : ''}>
                <span className="visually-hidden">{laneName(lang)}: </span>
                {row.text[lang] ?? ''}
                {row.kind === 'speech' && row.sourceLang !== lang ? (
                  <span className="ml-1 text-xs text-neutral-300">({text.interpreted})</span>
                ) : null}
              </p>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}
