'use client';
import { useEffect, useRef } from 'react';
import { textDirection } from '../../../server/language-tags';
import type { Lang, SegmentMessage, SpeakerInfo } from '../../../server/protocol';
import type { ViewerText } from '../../lib/i18n/viewer';
import { speakerLabel } from '../../lib/speaker-label';
import { historySaid } from '../../lib/viewer-at';
import { IsolatedText } from './caption-text';

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Scrollback of the whole session so far, in the lanes' languages and order, newest at the bottom;
 * each language's line in its own direction (an Arabic line starts at the right).
 */
export function HistoryPanel({
  history,
  positionMs,
  langs,
  roomLanguages,
  speakers,
  text,
  onClose,
}: {
  history: readonly SegmentMessage[];
  positionMs: number;
  langs: readonly Lang[];
  roomLanguages: readonly Lang[];
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
      <ol className="flex flex-col gap-2 overflow-y-auto pe-2" tabIndex={0} aria-label={text.scrollback}>
        {said.length === 0 ? <li>{text.noHistory}</li> : null}
        {said.map((m) => {
          const speaker = speakers.get(m.segment.speakerId);
          const label = speakerLabel(speaker, langs[0] ?? m.segment.sourceLang, roomLanguages, m.segment.speakerId);
          return (
            <li key={`${m.epoch}-${m.segment.index}`} className="grid gap-0.5 border-b border-[var(--muted-fg)]/30 pb-2">
              <span className="text-xs text-[var(--muted-fg)]">
                {clock(m.segment.startMs)} · <bdi lang={label.lang} style={{ color: `var(--speaker-${(speaker?.colour ?? 0) % 8})` }}>{label.text}</bdi>
              </span>
              {langs.map((lang) =>
                m.segment.text[lang] ? (
                  <p key={lang} lang={lang} dir={textDirection(lang)} className="text-start">
                    <IsolatedText text={m.segment.text[lang]} sound={m.segment.kind === 'sound'} />
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
