'use client';
import { useLayoutEffect, useRef, useState } from 'react';
import { textDirection } from '../../../server/language-tags';
import type { Lang, SegmentMessage, SpeakerInfo } from '../../../server/protocol';
import type { UiLang } from '../../lib/i18n/ui-lang';
import type { ViewerText } from '../../lib/i18n/viewer';
import { speakerLabel } from '../../lib/speaker-label';
import { scrollbackAt, scrollbackLineCount } from '../../lib/viewer-at';
import { IsolatedText } from './caption-text';

/** Within this many pixels of the bottom the reader is following the live end, and stays there. */
const AT_END_PX = 24;

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const mm = String(Math.floor(s / 60) % 60);
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/**
 * Scrollback of the whole event so far, in the lanes' languages and order, newest at the bottom;
 * each language's line in its own direction (an Arabic line starts at the right), each speaker
 * named in the interface language where the transcript has that label. A line appears once its
 * lane has shown it whole (viewer-at.ts `scrollbackAt`). A reader at the bottom follows the new
 * lines; one who scrolled up keeps their place, with a button back to the newest line.
 */
export function HistoryPanel({
  history,
  epoch,
  positionMs,
  langs,
  roomLanguages,
  speakers,
  uiLang,
  text,
  onClose,
}: {
  history: readonly SegmentMessage[];
  /** The clock epoch the lanes are in now. */
  epoch: number;
  positionMs: number;
  langs: readonly Lang[];
  roomLanguages: readonly Lang[];
  speakers: ReadonlyMap<string, SpeakerInfo>;
  uiLang: UiLang;
  text: ViewerText;
  onClose: () => void;
}) {
  const list = useRef<HTMLOListElement>(null);
  // Where the reader was before this render: following the end, or reading at a place.
  const before = useRef<{ atEnd: boolean; scrollHeight: number; firstKey: string | undefined }>({ atEnd: true, scrollHeight: 0, firstKey: undefined });
  const [atEnd, setAtEnd] = useState(true);
  const said = scrollbackAt(history, epoch, positionMs).filter((m) => langs.some((lang) => m.segment.text[lang] !== undefined));
  const firstKey = said[0] ? `${said[0].epoch}-${said[0].segment.index}` : undefined;
  const lineCount = scrollbackLineCount(said);

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const was = before.current;
    if (was.atEnd) el.scrollTop = el.scrollHeight;
    // Earlier lines arrived above (the transcript fetched after a late join): keep the same lines in view.
    else if (was.firstKey !== firstKey) el.scrollTop += el.scrollHeight - was.scrollHeight;
    before.current = { atEnd: was.atEnd, scrollHeight: el.scrollHeight, firstKey };
  }, [lineCount, firstKey]);

  const onScroll = () => {
    const el = list.current;
    if (!el) return;
    const end = el.scrollHeight - el.scrollTop - el.clientHeight <= AT_END_PX;
    before.current = { atEnd: end, scrollHeight: el.scrollHeight, firstKey };
    setAtEnd(end);
  };
  const jumpToEnd = () => {
    const el = list.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    before.current = { ...before.current, atEnd: true };
    setAtEnd(true);
  };

  return (
    <section aria-labelledby="history-heading" className="relative flex max-h-[60vh] flex-col gap-2 rounded-lg bg-[var(--panel-bg)] p-4" data-testid="history">
      <div className="flex items-center justify-between gap-2">
        <h2 id="history-heading" className="font-semibold">
          {text.scrollback}
        </h2>
        <button type="button" onClick={onClose} className="rounded bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-sky-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-400">
          {text.backToLive}
        </button>
      </div>
      <ol ref={list} onScroll={onScroll} className="flex flex-col gap-2 overflow-y-auto pe-2 [overflow-anchor:none]" tabIndex={0} aria-label={text.scrollback} data-testid="history-lines">
        {said.length === 0 ? <li>{text.noHistory}</li> : null}
        {said.map((m) => {
          const speaker = speakers.get(m.segment.speakerId);
          const label = speakerLabel(speaker, uiLang, roomLanguages, m.segment.speakerId);
          return (
            <li key={`${m.epoch}-${m.segment.index}`} data-segment={m.segment.id} className="grid gap-0.5 border-b border-[var(--muted-fg)]/30 pb-2">
              <span className="text-xs text-[var(--muted-fg)]">
                {clock(m.segment.startMs)} ·{' '}
                <bdi lang={label.lang} data-testid="history-speaker" style={{ color: `var(--speaker-${(speaker?.colour ?? 0) % 8})` }}>
                  {label.text}
                </bdi>
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
      </ol>
      {atEnd ? null : (
        <button
          type="button"
          onClick={jumpToEnd}
          className="self-center rounded-full bg-sky-700 px-4 py-1.5 text-sm font-semibold text-white shadow hover:bg-sky-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-400"
          data-testid="history-jump"
        >
          {text.jumpToLatest}
        </button>
      )}
    </section>
  );
}
