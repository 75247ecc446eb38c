'use client';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { CaptionSegment, ClockState } from '../../../server/protocol';
import { positionAt } from '../../../server/replay/clock';
import { clientNow } from '../../lib/clock-sync';
import { RECORDING } from '../../lib/i18n/recording';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { RATES, type PresenterIntent } from '../../lib/presenter/commands';
import { fill, formatRate } from '../../lib/presenter/format';
import { CAPTION_DELAY_STEP_MS, MAX_CAPTION_DELAY_MS, clampCaptionDelay, mediaActionFor, planMediaSync, type MediaSample } from '../../lib/presenter/media-drive';
import type { PresenterRoom } from '../../lib/presenter/use-presenter-room';
import { BUTTON, TEXT_INPUT } from './styles';

/** Takes the console's transport intents while the room follows a recording; false: not about the media. */
export interface MediaDriver {
  handle(intent: PresenterIntent): boolean;
}

/** How often a playing recording and the room are compared (a command goes only when they drift apart). */
const CHECK_EVERY_MS = 1_000;
/** Longest web address taken for a recording. */
const MAX_URL_CHARS = 2_048;

const delayKey = (code: string) => `boothcast:caption-delay:${code}`;

function storedDelay(code: string): number {
  try {
    return clampCaptionDelay(Number(window.localStorage.getItem(delayKey(code)) ?? 0));
  } catch {
    return 0;
  }
}

function sample(video: HTMLVideoElement, waiting: boolean): MediaSample {
  return { currentTimeS: video.currentTime, paused: video.paused, ended: video.ended, waiting, playbackRate: video.playbackRate };
}

type Status = { readonly kind: 'idle' | 'following' | 'detached' | 'loop-off' | 'play-blocked' } | { readonly kind: 'error'; readonly text: string };

/**
 * A room driven by the event's recording. The presenter picks a file (it stays in this browser:
 * an object URL) or a web address; the console plays it, and every change of the media (play,
 * pause, seek, speed, waiting for data) becomes the room's commands, so every viewer's captions
 * follow it. While attached, the console's own buttons and keys act on the recording.
 */
export function RecordingPanel({
  lang,
  code,
  room,
  segments,
  onDriver,
  onAnnounce,
}: {
  lang: UiLang;
  code: string;
  room: PresenterRoom;
  segments: readonly CaptionSegment[];
  onDriver: (driver: MediaDriver | undefined) => void;
  onAnnounce: (text: string) => void;
}) {
  const t = RECORDING[lang];
  const ids = useId();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [source, setSource] = useState<{ url: string; name: string; objectUrl: boolean } | undefined>(undefined);
  const [urlText, setUrlText] = useState('');
  const [urlError, setUrlError] = useState('');
  // Rendered only in the browser (once the console holds the secret), so localStorage is there.
  const [delayMs, setDelayMs] = useState(() => storedDelay(code));
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [unfollowableRate, setUnfollowableRate] = useState<number | undefined>(undefined);

  // The latest room clock: from the room's broadcasts, and sooner from our own commands' replies.
  const latest = useRef({ clock: room.state.clock, offsetMs: room.offsetMs, delayMs, run: room.run });
  useEffect(() => {
    latest.current = { ...latest.current, clock: room.state.clock, offsetMs: room.offsetMs, delayMs, run: room.run };
  }, [room.state.clock, room.offsetMs, delayMs, room.run]);
  const waiting = useRef(false);
  const busy = useRef(false);
  const again = useRef(false);


  /** Brings the room to the media; one pass at a time, and one more if the media moved meanwhile. */
  const sync = useCallback(async () => {
    const video = videoRef.current;
    if (!video || !video.currentSrc) return;
    if (busy.current) {
      again.current = true;
      return;
    }
    busy.current = true;
    try {
      do {
        again.current = false;
        const { clock, offsetMs, delayMs: delay, run } = latest.current;
        const plan = planMediaSync(sample(video, waiting.current), clock, positionAt(clock, clientNow() + offsetMs), delay);
        setUnfollowableRate(plan.unfollowableRate);
        for (const intent of plan.intents) {
          const sent = await run(intent);
          if (!sent) continue;
          if (sent.outcome.kind !== 'applied') {
            const reason = sent.outcome.kind === 'offline' ? t.reasonOffline : sent.outcome.kind === 'timeout' ? t.reasonTimeout : t.reasonRejected;
            setStatus({ kind: 'error', text: fill(t.sendFailed, { reason }) });
            return; // the next check tries again
          }
          const applied: ClockState = sent.outcome.result.clock;
          latest.current = { ...latest.current, clock: applied };
        }
        setStatus((s) => (s.kind === 'error' ? { kind: 'following' } : s));
      } while (again.current);
    } finally {
      busy.current = false;
    }
  }, [t]);

  // Media events and a periodic check drive the room while a recording is attached.
  useEffect(() => {
    const video = videoRef.current;
    if (!video || !source) return;
    const onEvent = (event: Event) => {
      if (event.type === 'waiting') waiting.current = true;
      if (event.type === 'playing' || event.type === 'pause' || event.type === 'seeked') waiting.current = false;
      void sync();
    };
    const events = ['play', 'playing', 'pause', 'seeked', 'ratechange', 'waiting', 'ended', 'loadedmetadata'] as const;
    for (const name of events) video.addEventListener(name, onEvent);
    const onError = () => {
      const error = video.error;
      const text = error?.code === MediaError.MEDIA_ERR_NETWORK ? t.errorNetwork : error?.code === MediaError.MEDIA_ERR_DECODE ? t.errorDecode : t.errorFormat;
      setStatus({ kind: 'error', text });
    };
    video.addEventListener('error', onError);
    const timer = window.setInterval(() => void sync(), CHECK_EVERY_MS);
    return () => {
      for (const name of events) video.removeEventListener(name, onEvent);
      video.removeEventListener('error', onError);
      window.clearInterval(timer);
    };
  }, [source, sync, t]);

  // A changed delay moves the room at once.
  useEffect(() => {
    if (source) void sync();
  }, [delayMs, source, sync]);

  // While attached, the console's transport acts on the recording (the room then follows it).
  useEffect(() => {
    if (!source) {
      onDriver(undefined);
      return;
    }
    onDriver({
      handle: (intent) => {
        const video = videoRef.current;
        if (!video) return false;
        const action = mediaActionFor(intent, sample(video, waiting.current), { delayMs: latest.current.delayMs, segments, rates: RATES });
        if (!action) return intent.type !== 'loop';
        switch (action.kind) {
          case 'play':
            video.play().catch(() => setStatus({ kind: 'play-blocked' }));
            break;
          case 'pause':
            video.pause();
            break;
          case 'seek':
            video.currentTime = Number.isFinite(video.duration) ? Math.min(action.timeS, video.duration) : action.timeS;
            break;
          case 'rate':
            video.playbackRate = action.rate;
            break;
        }
        return true;
      },
    });
    return () => onDriver(undefined);
  }, [source, segments, onDriver]);

  // An object URL is released when the recording is replaced or the console closes.
  useEffect(() => {
    if (!source?.objectUrl) return;
    return () => URL.revokeObjectURL(source.url);
  }, [source]);

  const attach = (next: { url: string; name: string; objectUrl: boolean }) => {
    setSource(next);
    setStatus({ kind: 'following' });
    onAnnounce(fill(t.following, { name: next.name }));
    if (latest.current.clock.loop) {
      // Captions follow the recording, so a room that loops on its own would fight it.
      void latest.current.run({ type: 'loop', loop: false }).then(() => setStatus({ kind: 'loop-off' }));
    }
  };

  const detach = () => {
    const video = videoRef.current;
    if (video) {
      video.pause();
      video.removeAttribute('src');
      video.load();
    }
    setSource(undefined);
    setStatus({ kind: 'detached' });
    onAnnounce(t.detached);
  };

  const openUrl = () => {
    const text = urlText.trim();
    let url: URL | undefined;
    try {
      url = text.length <= MAX_URL_CHARS ? new URL(text) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      setUrlError(t.urlInvalid);
      return;
    }
    setUrlError('');
    attach({ url: url.href, name: url.pathname.split('/').pop() || url.host, objectUrl: false });
  };

  const changeDelay = (ms: number) => {
    const next = clampCaptionDelay(ms);
    setDelayMs(next);
    try {
      window.localStorage.setItem(delayKey(code), String(next));
    } catch {
      // Private mode: the delay holds for this page only.
    }
  };

  const statusText =
    status.kind === 'error'
      ? status.text
      : unfollowableRate !== undefined
        ? fill(t.rateUnfollowable, { rate: formatRate(unfollowableRate) })
        : status.kind === 'following'
          ? fill(t.following, { name: source?.name ?? '' })
          : status.kind === 'loop-off'
            ? `${fill(t.following, { name: source?.name ?? '' })} ${t.loopOff}`
            : status.kind === 'play-blocked'
              ? t.playBlocked
              : status.kind === 'detached'
                ? t.detached
                : '';

  return (
    <div className="flex flex-col gap-3" data-testid="recording-panel">
      <p className="text-sm text-neutral-300">{t.intro}</p>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${ids}-file`} className="text-sm font-semibold">
          {t.fileLabel}
        </label>
        <input
          id={`${ids}-file`}
          type="file"
          accept="audio/*,video/*"
          className="text-sm text-neutral-100 file:mr-3 file:rounded-md file:border file:border-neutral-500 file:bg-neutral-800 file:px-3 file:py-2 file:text-neutral-100"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) attach({ url: URL.createObjectURL(file), name: file.name, objectUrl: true });
          }}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${ids}-url`} className="text-sm font-semibold">
          {t.urlLabel}
        </label>
        <div className="flex flex-wrap gap-2">
          <input
            id={`${ids}-url`}
            type="url"
            inputMode="url"
            maxLength={MAX_URL_CHARS}
            value={urlText}
            onChange={(event) => setUrlText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') openUrl();
            }}
            aria-invalid={urlError ? true : undefined}
            aria-describedby={urlError ? `${ids}-url-error` : undefined}
            className={`min-w-0 grow ${TEXT_INPUT}`}
            placeholder="https://"
          />
          <button type="button" className={BUTTON} onClick={openUrl}>
            {t.urlUse}
          </button>
        </div>
        {urlError ? (
          <p id={`${ids}-url-error`} className="text-sm font-semibold text-red-300">
            {urlError}
          </p>
        ) : null}
      </div>
      {/* Captions of the recording are the room's own: the viewers see them, so the player shows none. */}
      <video
        ref={videoRef}
        src={source?.url}
        controls
        playsInline
        preload="auto"
        hidden={!source}
        className="max-h-80 w-full rounded-md bg-black"
        data-testid="recording-media"
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={`${ids}-delay`} className="text-sm font-semibold">
          {t.delayLabel}
        </label>
        <div className="flex flex-wrap items-center gap-2">
          <button type="button" className={BUTTON} aria-label={t.delayEarlier} onClick={() => changeDelay(delayMs - CAPTION_DELAY_STEP_MS)}>
            −0.1
          </button>
          <input
            id={`${ids}-delay`}
            type="number"
            min={-MAX_CAPTION_DELAY_MS / 1000}
            max={MAX_CAPTION_DELAY_MS / 1000}
            step={CAPTION_DELAY_STEP_MS / 1000}
            value={(delayMs / 1000).toFixed(1)}
            onChange={(event) => changeDelay(Number(event.currentTarget.value) * 1000)}
            aria-describedby={`${ids}-delay-hint`}
            className={`w-24 tabular-nums ${TEXT_INPUT}`}
            data-testid="caption-delay"
          />
          <button type="button" className={BUTTON} aria-label={t.delayLater} onClick={() => changeDelay(delayMs + CAPTION_DELAY_STEP_MS)}>
            +0.1
          </button>
        </div>
        <p id={`${ids}-delay-hint`} className="text-xs text-neutral-300">
          {t.delayHint}
        </p>
      </div>
      {source ? (
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" className={BUTTON} onClick={detach}>
            {t.detach}
          </button>
        </div>
      ) : null}
      <p role="status" className="min-h-6 text-sm font-semibold text-neutral-100" data-testid="recording-status">
        {statusText}
      </p>
    </div>
  );
}
