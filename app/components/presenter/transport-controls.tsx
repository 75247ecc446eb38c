'use client';
import type { ClockState } from '../../../server/protocol';
import { PRESENTER } from '../../lib/i18n/presenter';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { RATES, SEEK_STEP_MS, type PresenterIntent } from '../../lib/presenter/commands';
import { formatRate } from '../../lib/presenter/format';
import { PauseIcon, PlayIcon, RestartIcon } from './icons';
import { BUTTON, FOCUS_RING } from './styles';

/** Play/pause, restart, ±10 s, speed and loop. Every control is a real button; all are off while disconnected. */
export function TransportControls({
  lang,
  clock,
  disabled,
  onIntent,
}: {
  lang: UiLang;
  clock: ClockState;
  disabled: boolean;
  onIntent: (intent: PresenterIntent) => void;
}) {
  const t = PRESENTER[lang];
  const playing = clock.status === 'playing';
  const seconds = SEEK_STEP_MS / 1000;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap gap-2">
        <button type="button" className={BUTTON} disabled={disabled} onClick={() => onIntent({ type: 'restart' })}>
          <RestartIcon /> {t.restart}
        </button>
        <button type="button" className={BUTTON} disabled={disabled} onClick={() => onIntent({ type: 'seek-by', deltaMs: -SEEK_STEP_MS })}>
          −{seconds} {t.secondsUnit}<span className="sr-only"> {t.backward}</span>
        </button>
        <button
          type="button"
          className={`${BUTTON} min-w-32 border-sky-300 text-base`}
          disabled={disabled}
          onClick={() => onIntent({ type: playing ? 'pause' : 'play' })}
          data-testid="play-pause"
        >
          {playing ? <PauseIcon /> : <PlayIcon />} {playing ? t.pause : t.play}
        </button>
        <button type="button" className={BUTTON} disabled={disabled} onClick={() => onIntent({ type: 'seek-by', deltaMs: SEEK_STEP_MS })}>
          +{seconds} {t.secondsUnit}<span className="sr-only"> {t.forward}</span>
        </button>
      </div>

      <div role="group" aria-labelledby="speed-label" className="flex flex-col gap-2">
        <span id="speed-label" className="text-sm font-semibold text-neutral-200">
          {t.speed}
        </span>
        <div className="flex flex-wrap gap-1">
          {RATES.map((rate) => (
            <button
              key={rate}
              type="button"
              aria-pressed={clock.rate === rate}
              disabled={disabled}
              onClick={() => onIntent({ type: 'rate', rate })}
              className={`min-h-11 min-w-14 rounded-md border px-2 text-sm font-semibold tabular-nums disabled:cursor-not-allowed ${
                clock.rate === rate
                  ? 'border-sky-300 bg-sky-300 text-neutral-950 disabled:bg-neutral-600 disabled:text-neutral-100'
                  : 'border-neutral-500 bg-neutral-800 text-neutral-100 hover:bg-neutral-700 disabled:text-neutral-400'
              } ${FOCUS_RING}`}
            >
              {formatRate(rate)}
            </button>
          ))}
        </div>
      </div>

      <button
        type="button"
        role="switch"
        aria-checked={clock.loop}
        disabled={disabled}
        onClick={() => onIntent({ type: 'loop', loop: !clock.loop })}
        className={`${BUTTON} self-start`}
      >
        <span
          aria-hidden="true"
          className={`relative inline-block h-5 w-9 rounded-full border ${clock.loop ? 'border-sky-300 bg-sky-300' : 'border-neutral-400 bg-neutral-700'}`}
        >
          <span className={`absolute top-0.5 size-3.5 rounded-full bg-neutral-950 ${clock.loop ? 'left-4.5' : 'left-0.5 bg-neutral-200'}`} />
        </span>
        {t.loop}
      </button>
    </div>
  );
}

/**
 * Below the two-column width (a teacher's phone), the controls needed while walking around the
 * room stay on screen in a bar at the bottom: back, play/pause and forward, with the state. The
 * full panel is still further down; on wide screens the bar is not shown (the panel is in view).
 */
export function TransportBar({
  lang,
  clock,
  statusText,
  positionText,
  disabled,
  onIntent,
}: {
  lang: UiLang;
  clock: ClockState;
  statusText: string;
  positionText: string;
  disabled: boolean;
  onIntent: (intent: PresenterIntent) => void;
}) {
  const t = PRESENTER[lang];
  const playing = clock.status === 'playing';
  const seconds = SEEK_STEP_MS / 1000;
  return (
    <section
      aria-label={t.transportHeading}
      className="sticky bottom-0 z-10 -mx-4 flex flex-wrap items-center justify-between gap-2 border-t border-neutral-600 bg-neutral-950 px-4 py-2 lg:hidden"
      data-testid="transport-bar"
    >
      <p className="flex min-w-0 flex-col text-sm leading-tight">
        <span className="font-semibold">{statusText}</span>
        <span className="tabular-nums text-neutral-300">{positionText}</span>
      </p>
      <div className="flex gap-2">
        <button type="button" className={BUTTON} disabled={disabled} onClick={() => onIntent({ type: 'seek-by', deltaMs: -SEEK_STEP_MS })}>
          −{seconds}<span className="sr-only"> {t.secondsUnit} {t.backward}</span>
        </button>
        <button
          type="button"
          className={`${BUTTON} min-w-24 border-sky-300`}
          disabled={disabled}
          onClick={() => onIntent({ type: playing ? 'pause' : 'play' })}
          data-testid="bar-play-pause"
        >
          {playing ? <PauseIcon /> : <PlayIcon />} {playing ? t.pause : t.play}
        </button>
        <button type="button" className={BUTTON} disabled={disabled} onClick={() => onIntent({ type: 'seek-by', deltaMs: SEEK_STEP_MS })}>
          +{seconds}<span className="sr-only"> {t.secondsUnit} {t.forward}</span>
        </button>
      </div>
    </section>
  );
}
