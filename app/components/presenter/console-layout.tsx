'use client';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CaptionSegment, SpeakerInfo } from '../../../server/protocol';
import { PRESENTER } from '../../lib/i18n/presenter';
import { RECORDING } from '../../lib/i18n/recording';
import type { PresenterIntent, PresenterCommand } from '../../lib/presenter/commands';
import { fill, formatClock, formatRate } from '../../lib/presenter/format';
import type { PresenterConnection } from '../../lib/presenter/presenter-state';
import { readSecret } from '../../lib/presenter/secret-store';
import { currentSegmentIndex } from '../../lib/presenter/segments';
import type { CommandOutcome } from '../../lib/presenter/send-command';
import { intentFor, keyTargetOf, shortcutFor, spaceWouldPress, type KeyPress } from '../../lib/presenter/shortcuts';
import { usePositionDerived } from '../../lib/presenter/use-position';
import type { PresenterRoom } from '../../lib/presenter/use-presenter-room';
import { UiLangSwitch } from '../ui-lang-switch';
import { CopyButton } from './copy-button';
import { EmbedSnippet } from './embed-snippet';
import { OutputsPanel } from './outputs-panel';
import type { ConsoleProps } from './presenter-console';
import { RoomShare } from './room-share';
import { SecretForm } from './secret-form';
import { ShortcutHelp } from './shortcut-help';
import { RecordingPanel, type MediaDriver } from './recording-panel';
import { LINK, PANEL } from './styles';
import { Timeline } from './timeline';
import { TranscriptList } from './transcript-list';
import { TransportBar, TransportControls } from './transport-controls';

type Gate = 'checking' | 'missing' | 'refused';
type Text = (typeof PRESENTER)[keyof typeof PRESENTER];

/** The console's panels. Without a connected `room` (no secret yet) everything shows but nothing can be sent. */
export function ConsoleLayout({ room, gate, ...props }: ConsoleProps & { room?: PresenterRoom; gate?: Gate }) {
  const { lang, code, initial, segments } = props;
  const t = PRESENTER[lang];
  const [fallbackOffsetMs] = useState(() => initial.serverNowMs - Date.now());
  const clock = room?.state.clock ?? initial.clock;
  const offsetMs = room?.offsetMs ?? fallbackOffsetMs;
  const connection: PresenterConnection | 'locked' = room ? room.state.connection : 'locked';
  const connected = connection === 'live';
  const info = room?.state.room ?? initial.room;
  const speakers = useMemo(() => new Map<string, SpeakerInfo>(info.speakers.map((s) => [s.id, s])), [info.speakers]);
  const [announcement, setAnnouncement] = useState('');

  const currentIndex = usePositionDerived(
    clock,
    offsetMs,
    initial.serverNowMs,
    useCallback((ms: number) => currentSegmentIndex(segments, ms), [segments]),
  );
  const second = usePositionDerived(clock, offsetMs, initial.serverNowMs, useCallback((ms: number) => Math.floor(ms / 1000), []));

  const run = room?.run;
  // While the room follows a recording, the transport acts on the recording (recording-panel.tsx).
  const mediaDriver = useRef<MediaDriver | undefined>(undefined);
  const setMediaDriver = useCallback((driver: MediaDriver | undefined) => {
    mediaDriver.current = driver;
  }, []);
  const send = useCallback(
    async (intent: PresenterIntent) => {
      if (!run) return;
      if (mediaDriver.current?.handle(intent)) return;
      const sent = await run(intent);
      if (sent) setAnnouncement(describeOutcome(t, sent.command, sent.outcome));
    },
    [run, t],
  );
  const seekToSegment = useCallback((segment: CaptionSegment) => void send({ type: 'seek-segment', segmentId: segment.id }), [send]);

  useEffect(() => {
    if (!connected) return;
    const pressOf = (event: KeyboardEvent): KeyPress => ({
      key: event.key,
      code: event.code,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      altKey: event.altKey,
      target: keyTargetOf(event.target),
    });
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const id = shortcutFor(pressOf(event));
      if (!id) return;
      // Also on a held key's repeats: the page must not scroll, nor a focused button be pressed.
      event.preventDefault();
      if (!event.repeat) void send(intentFor(id));
    };
    // A focused button is pressed on Space's keyup; the keydown above already toggled.
    const onKeyUp = (event: KeyboardEvent) => {
      if (spaceWouldPress(pressOf(event))) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, [connected, send]);

  const statusText = t[`status_${clock.status}`];
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex min-w-0 flex-col gap-1">
          <p className="text-sm font-semibold tracking-wider text-neutral-300 uppercase">{t.consoleKicker}</p>
          <h1 className="text-2xl font-bold break-words" lang={props.titleLang === lang ? undefined : props.titleLang}>
            {props.title}
          </h1>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <ConnectionPill t={t} connection={connection} />
          <UiLangSwitch lang={lang} />
          <Link href="/" className={`text-sm ${LINK}`}>
            {t.home}
          </Link>
        </div>
      </header>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,24rem)_minmax(0,1fr)]">
        <div className="flex min-w-0 flex-col gap-6">
          <section aria-labelledby="share-heading" className={PANEL}>
            <h2 id="share-heading" className="mb-3 text-xl font-semibold">
              {t.shareHeading}
            </h2>
            <RoomShare
              lang={lang}
              code={code}
              joinUrl={props.joinUrl}
              qrSvg={props.qrSvg}
              viewers={room?.state.viewers}
              reach={props.reach}
              onAnnounce={setAnnouncement}
            />
          </section>
          <section aria-labelledby="embed-heading" className={PANEL}>
            <h2 id="embed-heading" className="mb-3 text-xl font-semibold">
              {t.embedHeading}
            </h2>
            <EmbedSnippet lang={lang} origin={props.origin} code={code} languages={info.languages} onAnnounce={setAnnouncement} />
          </section>
          {room ? (
            <section aria-labelledby="outputs-heading" className={PANEL}>
              <h2 id="outputs-heading" className="mb-3 text-xl font-semibold">
                {t.outputsHeading}
              </h2>
              <OutputsPanel lang={lang} code={code} languages={info.languages} onAnnounce={setAnnouncement} />
            </section>
          ) : null}
          {/* Touch screens have no keyboard to use these with: a teacher's phone shows none of them. */}
          <section aria-labelledby="shortcuts-heading" className={`${PANEL} [@media(hover:none)_and_(pointer:coarse)]:hidden`} data-testid="shortcuts">
            <h2 id="shortcuts-heading" className="mb-3 text-xl font-semibold">
              {t.shortcutsHeading}
            </h2>
            <ShortcutHelp lang={lang} />
          </section>
        </div>

        <div className="flex min-w-0 flex-col gap-6">
          <section aria-labelledby="playback-heading" className={PANEL}>
            <h2 id="playback-heading" className="mb-3 text-xl font-semibold">
              {t.playbackHeading}
            </h2>
            <p className="mb-4 flex flex-wrap items-baseline gap-x-4 gap-y-1 text-lg" data-testid="playback-state">
              <span className="font-semibold" data-testid="playback-status">
                {statusText}
              </span>
              <span className="tabular-nums">
                {formatClock(second * 1000)} / {formatClock(clock.durationMs)}
              </span>
              <span>
                {t.speed}: <span className="font-semibold tabular-nums" data-testid="rate">{formatRate(clock.rate)}</span>
              </span>
              <span>{clock.loop ? t.loopOn : t.loopOff}</span>
            </p>
            {room ? (
              <TransportControls lang={lang} clock={clock} disabled={!connected} onIntent={(intent) => void send(intent)} />
            ) : gate === 'checking' ? (
              <p className="text-neutral-300">{t.checkingSecret}</p>
            ) : (
              <SecretForm lang={lang} code={code} refused={gate === 'refused'} />
            )}
            {room ? (
              <div className="mt-4 flex flex-wrap items-center gap-x-3 gap-y-1 border-t border-neutral-700 pt-3">
                <CopyButton
                  text={() => readSecret(code) ?? ''}
                  label={t.copySecret}
                  copiedLabel={t.copied}
                  failedLabel={t.copyFailed}
                  onResult={setAnnouncement}
                />
                <p className="min-w-0 basis-64 grow text-xs text-neutral-300">{t.copySecretHint}</p>
              </div>
            ) : null}
            <p role="status" className="mt-3 min-h-6 text-sm font-semibold text-neutral-100" data-testid="console-status">
              {room && !connected ? t[`connectionHelp_${connection as PresenterConnection}`] : announcement}
            </p>
            {room && !room.state.saving ? (
              <p role="alert" className="mt-3 rounded-md border border-red-400 bg-red-950 px-3 py-2 text-sm font-semibold text-white" data-testid="not-saving">
                {t.notSaving}
              </p>
            ) : null}
          </section>

          {room ? (
            <section aria-labelledby="recording-heading" className={PANEL}>
              <h2 id="recording-heading" className="mb-3 text-xl font-semibold">
                {RECORDING[lang].heading}
              </h2>
              <RecordingPanel lang={lang} code={code} room={room} segments={segments} onDriver={setMediaDriver} onAnnounce={setAnnouncement} />
            </section>
          ) : null}

          <section aria-labelledby="timeline-heading" className={PANEL}>
            <h2 id="timeline-heading" className="mb-3 text-xl font-semibold">
              {t.timelineHeading}
            </h2>
            <Timeline
              lang={lang}
              segments={segments}
              speakers={info.speakers}
              languages={info.languages}
              clock={clock}
              offsetMs={offsetMs}
              renderedAtMs={initial.serverNowMs}
              disabled={!connected}
              onSeek={(positionMs) => void send({ type: 'seek-to', positionMs })}
            />
          </section>

          <section aria-labelledby="transcript-heading" className={PANEL}>
            <h2 id="transcript-heading" className="mb-3 text-xl font-semibold">
              {t.transcriptHeading}
            </h2>
            <p className="mb-3 text-sm text-neutral-300">{t.transcriptHelp}</p>
            <TranscriptList
              lang={lang}
              segments={segments}
              speakers={speakers}
              languages={info.languages}
              currentIndex={currentIndex}
              disabled={!connected}
              onSeek={seekToSegment}
            />
          </section>
        </div>
      </div>
      {room ? (
        <TransportBar
          lang={lang}
          clock={clock}
          statusText={statusText}
          positionText={formatClock(second * 1000)}
          disabled={!connected}
          onIntent={(intent) => void send(intent)}
        />
      ) : null}
    </main>
  );
}

function ConnectionPill({ t, connection }: { t: Text; connection: PresenterConnection | 'locked' }) {
  const dot = connection === 'live' ? 'bg-green-400' : connection === 'reconnecting' || connection === 'connecting' ? 'bg-yellow-300' : 'bg-red-400';
  return (
    <span className="inline-flex items-center gap-2 rounded-full bg-neutral-800 px-3 py-1 text-sm text-white" data-testid="presenter-connection">
      <span aria-hidden="true" className={`h-2.5 w-2.5 rounded-full ${dot}`} />
      {t[`connection_${connection}`]}
    </span>
  );
}

/** The live-region line after a command: what the room does now, or why nothing happened. */
function describeOutcome(t: Text, command: PresenterCommand, outcome: CommandOutcome): string {
  switch (outcome.kind) {
    case 'offline':
      return t.commandOffline;
    case 'timeout':
      return t.commandTimeout;
    case 'rejected':
      return outcome.error.code === 'rate-limited' ? t.commandRateLimited : outcome.error.code === 'forbidden' ? t.commandForbidden : t.commandRejected;
    case 'applied': {
      const clock = outcome.result.clock;
      const at = formatClock(clock.positionMs);
      switch (command.event) {
        case 'playback:play':
          return fill(t.didPlay, { time: at });
        case 'playback:pause':
          return fill(t.didPause, { time: at });
        case 'playback:restart':
          return t.didRestart;
        case 'playback:seek':
          return fill(t.didSeek, { time: at });
        case 'playback:rate':
          return fill(t.didRate, { rate: formatRate(clock.rate) });
        case 'playback:loop':
          return clock.loop ? t.didLoopOn : t.didLoopOff;
      }
    }
  }
}
