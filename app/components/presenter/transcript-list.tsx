'use client';
import { memo, useEffect, useRef } from 'react';
import { textDirection } from '../../../server/language-tags';
import type { CaptionSegment, Lang, SpeakerInfo } from '../../../server/protocol';
import { languagePhrase } from '../../lib/i18n/presenter';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { formatClock } from '../../lib/presenter/format';
import { speakerLabel } from '../../lib/speaker-label';
import { FOCUS_RING } from './styles';

/** Of the list's height, where the current segment is kept: a third down, so what comes next shows. */
const CURRENT_AT = 1 / 3;

/**
 * Every segment with its speaker, time and text in both languages. The current one is marked and
 * kept in view inside the list (never scrolling the page); pressing one seeks the room to it.
 */
export function TranscriptList({
  lang,
  segments,
  speakers,
  languages,
  currentIndex,
  disabled,
  onSeek,
}: {
  lang: UiLang;
  segments: readonly CaptionSegment[];
  speakers: ReadonlyMap<string, SpeakerInfo>;
  languages: readonly Lang[];
  currentIndex: number;
  disabled: boolean;
  onSeek: (segment: CaptionSegment) => void;
}) {
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const list = listRef.current;
    const item = list?.querySelector<HTMLElement>('[aria-current="true"]');
    if (!list || !item) return;
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const top = item.offsetTop - list.clientHeight * CURRENT_AT;
    list.scrollTo({ top: Math.max(0, top), behavior: reduced ? 'auto' : 'smooth' });
  }, [currentIndex]);

  return (
    <ol
      ref={listRef}
      className="relative flex max-h-[32rem] flex-col gap-1 overflow-y-auto rounded-lg border border-neutral-700 bg-neutral-900 p-1"
      data-testid="transcript"
      // Locked (no secret yet) its sentences are disabled buttons: the list itself takes focus, so
      // the keyboard can still scroll it (WCAG 2.1.1; axe scrollable-region-focusable).
      tabIndex={disabled ? 0 : undefined}
      aria-labelledby={disabled ? 'transcript-heading' : undefined}
    >
      {segments.map((segment) => (
        <SegmentRow
          key={segment.id}
          segment={segment}
          speaker={speakers.get(segment.speakerId)}
          lang={lang}
          languages={languages}
          current={segment.index === currentIndex}
          disabled={disabled}
          spokenLabel={languagePhrase(lang, 'spokenIn', segment.sourceLang)}
          onSeek={onSeek}
        />
      ))}
    </ol>
  );
}

const SegmentRow = memo(function SegmentRow({
  segment,
  speaker,
  lang,
  languages,
  current,
  disabled,
  spokenLabel,
  onSeek,
}: {
  segment: CaptionSegment;
  speaker: SpeakerInfo | undefined;
  lang: UiLang;
  languages: readonly Lang[];
  current: boolean;
  disabled: boolean;
  /** Marks speech in another language than the room's first: its captions there are an interpretation. */
  spokenLabel: string;
  onSeek: (segment: CaptionSegment) => void;
}) {
  const { text: label, lang: inLang } = speakerLabel(speaker, lang, languages, segment.speakerId);
  const labelLang = inLang === lang ? undefined : inLang;
  return (
    <li aria-current={current ? 'true' : undefined}>
      <button
        type="button"
        disabled={disabled}
        onClick={() => onSeek(segment)}
        data-segment-id={segment.id}
        className={`flex w-full flex-col gap-1 rounded-md border px-3 py-2 text-start ${
          current ? 'border-sky-300 bg-neutral-800' : 'border-transparent hover:bg-neutral-800'
        } disabled:cursor-not-allowed ${FOCUS_RING}`}
      >
        <span className="flex flex-wrap items-baseline gap-x-3 text-sm">
          <span className="font-mono text-neutral-300 tabular-nums">{formatClock(segment.startMs)}</span>
          <span className="font-semibold" style={{ color: `var(--speaker-${(speaker?.colour ?? 0) % 8})` }} lang={labelLang}>
            {label}
          </span>
          {segment.kind === 'speech' && segment.sourceLang !== languages[0] ? (
            <span className="rounded-sm border border-dashed border-neutral-300 px-1 text-xs text-neutral-200">{spokenLabel}</span>
          ) : null}
        </span>
        {languages.map((textLang) =>
          segment.text[textLang] ? (
            <span
              key={textLang}
              lang={textLang}
              dir={textDirection(textLang)}
              className={`block break-words text-start ${textLang === languages[0] ? 'text-neutral-100' : 'text-neutral-300'}`}
            >
              {segment.text[textLang]}
            </span>
          ) : null,
        )}
      </button>
    </li>
  );
});
