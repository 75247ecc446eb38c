'use client';
import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { CaptionSegment, ClockState, Lang, SpeakerInfo } from '../../../server/protocol';
import { positionAt } from '../../../server/replay/clock';
import { PRESENTER, languagePhrase } from '../../lib/i18n/presenter';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { fill, formatClock } from '../../lib/presenter/format';
import { speakerLabel } from '../../lib/speaker-label';
import { percentOf, positionAtPointer, sliderTarget, timelineLanes } from '../../lib/presenter/timeline';
import { usePositionDerived, usePositionFrames } from '../../lib/presenter/use-position';
import { FOCUS_RING } from './styles';

/**
 * Who speaks when: one lane per speaker in the speaker's colour, speech in the other language
 * hatched (its captions in the room's first language are an interpretation), and a playhead on
 * the room clock. The lanes together are one slider: click anywhere, or use the arrow keys.
 */
export function Timeline({
  lang,
  segments,
  speakers,
  languages,
  clock,
  offsetMs,
  renderedAtMs,
  disabled,
  onSeek,
}: {
  lang: UiLang;
  segments: readonly CaptionSegment[];
  speakers: readonly SpeakerInfo[];
  languages: readonly Lang[];
  clock: ClockState;
  offsetMs: number;
  renderedAtMs: number;
  disabled: boolean;
  onSeek: (positionMs: number) => void;
}) {
  const t = PRESENTER[lang];
  const primary = languages[0];
  const other = languages.find((l) => l !== primary);
  const durationMs = clock.durationMs;
  const lanes = useMemo(() => timelineLanes(segments, speakers, durationMs, primary), [segments, speakers, durationMs, primary]);
  const trackRef = useRef<HTMLDivElement>(null);
  const playheadRef = useRef<HTMLDivElement>(null);

  const second = usePositionDerived(clock, offsetMs, renderedAtMs, useCallback((ms: number) => Math.floor(ms / 1000), []));
  // Set once for the server's HTML; from then on only the animation frame moves the playhead.
  const [initialPct] = useState(() => percentOf(positionAt(clock, renderedAtMs), durationMs));
  usePositionFrames(
    clock,
    offsetMs,
    useCallback((ms: number) => {
      if (playheadRef.current) playheadRef.current.style.left = `${percentOf(ms, durationMs)}%`;
    }, [durationMs]),
  );

  const click = (event: MouseEvent<HTMLDivElement>) => {
    if (disabled || !trackRef.current) return;
    const rect = trackRef.current.getBoundingClientRect();
    onSeek(positionAtPointer(event.clientX, { left: rect.left, width: rect.width }, durationMs));
  };
  const key = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = sliderTarget(event.key, second * 1000, durationMs);
    if (target === undefined) return;
    event.preventDefault();
    // The slider owns its arrow keys: they must not also reach the console's shortcuts.
    event.stopPropagation();
    if (!disabled) onSeek(target);
  };

  const valueText = fill(t.timelineValue, { time: formatClock(second * 1000), total: formatClock(durationMs) });
  return (
    <div className="flex flex-col gap-2">
      <div className="grid grid-cols-[minmax(0,7.5rem)_minmax(0,1fr)] gap-x-2 sm:grid-cols-[minmax(0,11rem)_minmax(0,1fr)]">
        <ul className="flex flex-col gap-1" aria-label={t.timelineSpeakers}>
          {lanes.map(({ speaker }) => {
            const { text: label, lang: inLang } = speakerLabel(speaker, lang, languages, speaker.id);
            const labelLang = inLang === lang ? undefined : inLang;
            return (
              <li
                key={speaker.id}
                className="flex h-6 items-center text-xs font-semibold"
                style={{ color: `var(--speaker-${speaker.colour % 8})` }}
                title={label}
                lang={labelLang}
              >
                {/* Two short lines fit the lane's height, so a long label is read whole rather than cut at its first words. */}
                <span className="line-clamp-2 text-[0.6875rem] leading-3 break-words" data-testid="timeline-speaker">
                  {label}
                </span>
              </li>
            );
          })}
        </ul>
        <div
          ref={trackRef}
          role="slider"
          tabIndex={0}
          aria-label={t.timelineSlider}
          aria-valuemin={0}
          aria-valuemax={Math.round(durationMs / 1000)}
          aria-valuenow={second}
          aria-valuetext={valueText}
          aria-disabled={disabled || undefined}
          aria-describedby="timeline-help"
          onClick={click}
          onKeyDown={key}
          data-testid="timeline"
          className={`relative flex cursor-pointer flex-col gap-1 rounded-sm ${disabled ? 'cursor-not-allowed' : ''} ${FOCUS_RING}`}
        >
          {lanes.map(({ speaker, blocks }) => {
            const colour = `var(--speaker-${speaker.colour % 8})`;
            return (
              <div key={speaker.id} className="relative h-6 rounded-sm bg-neutral-800" aria-hidden="true">
                {blocks.map((block) => (
                  <div
                    key={block.id}
                    className="absolute inset-y-0.5 rounded-[2px]"
                    data-interpreted={block.interpreted || undefined}
                    style={{
                      left: `${block.leftPct}%`,
                      width: `${block.widthPct}%`,
                      opacity: block.kind === 'sound' ? 0.55 : 1,
                      ...(block.interpreted
                        ? {
                            backgroundImage: `repeating-linear-gradient(135deg, ${colour} 0 2px, transparent 2px 5px)`,
                            boxShadow: `inset 0 0 0 1px ${colour}`,
                          }
                        : { backgroundColor: colour }),
                    }}
                  />
                ))}
              </div>
            );
          })}
          <div
            ref={playheadRef}
            aria-hidden="true"
            data-testid="playhead"
            className="pointer-events-none absolute -inset-y-1 w-0.5 -translate-x-1/2 bg-sky-300 shadow-[0_0_0_1px_#0a0a0a]"
            style={{ left: `${initialPct}%` }}
          />
        </div>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 text-xs text-neutral-300">
        <span className="tabular-nums" aria-hidden="true">
          {formatClock(second * 1000)} / {formatClock(durationMs)}
        </span>
        {other ? (
          <span className="flex items-center gap-2">
            <span
              aria-hidden="true"
              className="inline-block h-3 w-6 rounded-[2px]"
              style={{ backgroundImage: 'repeating-linear-gradient(135deg, #e5e5e5 0 2px, transparent 2px 5px)', boxShadow: 'inset 0 0 0 1px #e5e5e5' }}
            />
            {fill(t.timelineLegend, { spoken: languagePhrase(lang, 'langIn', other), captions: languagePhrase(lang, 'langAdj', primary) })}
          </span>
        ) : null}
      </div>
      <p id="timeline-help" className="text-xs text-neutral-300">
        {t.timelineHelp}
      </p>
    </div>
  );
}
