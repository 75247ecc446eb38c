'use client';
import { useEffect, useRef } from 'react';
import type { Lang, SegmentMessage, SpeakerInfo } from '../../../server/protocol';
import type { ViewerText } from '../../lib/i18n/viewer';
import { historySaid } from '../../lib/viewer-at';

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Scrollback of the whole session so far, both languages, newest at the bottom. */
export function HistoryPanel({
  history,
  positionMs,
  langs,
  speakers,
  text,
  onClose,
}: {
  history: readonly SegmentMessage[];
  positionMs: number;
  langs: readonly Lang[];
  speakers: ReadonlyMap<string, SpeakerInfo>;
  text: ViewerText;
  onClose: () => void;
}) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, []);
  const said = historySaid(history, positionMs);
  return (
    <section aria-labelledby="history-heading" className="flex max-h-[60vh] flex-col gap-2 rounded-lg bg-[var(--panel-bg)] p-4" data-testid="history">
      <div className="flex items-center justify-between gap-2">
        <h2 id="history-heading" className="font-semibold">
          {text.scrollback}
        </h2>
        <button type="button" onClick={onClose} className="rounded bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-sky-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-400">
          {text.backToLive}
        </button>
      </div>
      <ol className="flex flex-col gap-2 overflow-y-auto pr-2" tabIndex={0} aria-label={text.scrollback}>
        {said.length === 0 ? <li>{text.noHistory}</li> : null}
        {said.map((m) => {
          const speaker = speakers.get(m.segment.speakerId);
          return (
            <li key={`${m.epoch}-${m.segment.index}`} className="grid gap-0.5 border-b border-[var(--muted-fg)]/30 pb-2">
              <span className="text-xs text-[var(--muted-fg)]">
                {clock(m.segment.startMs)} · <span style={{ color: `var(--speaker-${(speaker?.colour ?? 0) % 8})` }}>{speaker?.label.en ?? m.segment.speakerId}</span>
              </span>
              {langs.map((lang) =>
                m.segment.text[lang] ? (
                  <p key={lang} lang={lang}>
                    {m.segment.text[lang]}
                  </p>
                ) : null,
              )}
            </li>
          );
        })}
        <li ref={end} aria-hidden="true" />
      </ol>
    </section>
  );
}
