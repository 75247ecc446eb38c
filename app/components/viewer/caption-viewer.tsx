'use client';
import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import type { RoomSnapshot, SpeakerInfo } from '../../../server/protocol';
import { VIEWER } from '../../lib/i18n/viewer';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { rollingTurns } from '../../lib/rolling-lines';
import { useMediaPosition } from '../../lib/use-media-position';
import { useRoomCaptions } from '../../lib/use-room-captions';
import { useViewerSettings } from '../../lib/use-viewer-settings';
import { lagOf } from '../../lib/viewer-at';
import { laneOrder, settingsToParams, SIZE_SCALE, type ViewerSettings } from '../../lib/viewer-settings';
import { languageStyle } from '../../../server/transcript/caption-style';
import { viewerSignature } from '../../lib/viewer-signature';
import { UiLangSwitch } from '../ui-lang-switch';
import { CaptionAnnouncer, PauseNotice } from './caption-announcer';
import { CaptionLane, StageLane } from './caption-lane';
import { ConnectionBadge } from './connection-badge';
import { HistoryPanel } from './history-panel';
import { Attribution } from '../transcript/attribution';
import { titleIn } from '../../lib/i18n/room-title';
import { useScrollback } from '../../lib/use-scrollback';
import { SettingsPanel } from './settings-panel';
import { STAGE_MAX_ROWS, STAGE_SEGMENTS, stageColumnWidth, stageFontSize, StageView } from './stage-view';

/** The viewer's two faces: the page, and the stage (captions only, for a projector: `?view=stage`). */
export type ViewerFace = { view: 'page' } | { view: 'stage'; pos: 'top' | 'bottom' };

/** Side by side: one column per lane from tablet width (class names whole, so Tailwind sees them). */
const SIDE_BY_SIDE: Readonly<Record<number, string>> = { 2: 'md:grid-cols-2', 3: 'md:grid-cols-3' };

const buttonClass =
  'rounded border border-[var(--muted-fg)] px-3 py-1.5 text-sm hover:bg-[var(--panel-bg)] focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-400 aria-pressed:bg-[var(--page-fg)] aria-pressed:text-[var(--page-bg)]';

export function CaptionViewer({
  code,
  initial,
  initialSettings,
  uiLang,
  face = { view: 'page' },
}: {
  code: string;
  initial: RoomSnapshot;
  initialSettings: ViewerSettings;
  uiLang: UiLang;
  face?: ViewerFace;
}) {
  const text = VIEWER[uiLang];
  const { state, offsetMs, synced, addTranscript } = useRoomCaptions(code, initial);
  const [settings, setSettings] = useViewerSettings(initialSettings);
  const clock = state.clock ?? initial.clock;
  const [panel, setPanel] = useState<'none' | 'settings' | 'history'>('none');
  const [fullscreen, setFullscreen] = useState(false);
  const stage = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const room = state.room ?? initial.room;
  const speakers = useMemo(() => new Map<string, SpeakerInfo>(room.speakers.map((s) => [s.id, s])), [room.speakers]);
  const lanes = laneOrder(settings, room.languages);
  // Re-render on a frame only when something below that depends on the position would change.
  const shown = { segments: state.segments, lanes, history: panel === 'history' ? state.history : undefined, epoch: clock.epoch };
  const positionMs = useMediaPosition(clock, offsetMs, initial.serverNowMs, (ms) => viewerSignature(shown, ms));
  useScrollback(panel === 'history', room.transcriptId, clock.epoch, positionMs, addTranscript);
  const title = titleIn(room, uiLang, room.languages[0]);
  const style = { '--caption-scale': SIZE_SCALE[settings.size], '--caption-bg-alpha': settings.bg / 100 } as CSSProperties;

  const toggleFullscreen = (element: HTMLElement | null = stage.current) => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void element?.requestFullscreen?.();
  };
  // Both faces carry every setting in their links, so a choice made on one holds on the other.
  const faceHref = (extra: Record<string, string>) => {
    const query = new URLSearchParams({ ...settingsToParams(settings), ...extra }).toString();
    return `/watch/${room.code}${query ? `?${query}` : ''}`;
  };
  const fontClass = settings.font === 'legible' ? 'font-legible' : '';

  if (face.view === 'stage') {
    const rows = Math.min(settings.rows, STAGE_MAX_ROWS);
    const stageStyle = { ...style, '--stage-font': stageFontSize(lanes, rows, SIZE_SCALE[settings.size]) } as CSSProperties;
    return (
      <StageView
        pos={face.pos}
        exitHref={faceHref({})}
        text={text}
        fullscreen={fullscreen}
        onFullscreen={toggleFullscreen}
        className={fontClass}
        style={stageStyle}
        theme={settings.theme}
      >
        <main id="captions" className="stage-lanes" style={{ width: `min(100%, ${stageColumnWidth(lanes)})` }}>
          {/* The projector says so too when the presenter pauses, and a screen reader hears it. */}
          <PauseNotice status={clock.status} text={text} />
          {lanes.map((lang) => (
            <StageLane
              key={lang}
              lang={lang}
              roomLanguages={room.languages}
              uiLang={uiLang}
              turns={rollingTurns(state.segments, lang, positionMs, STAGE_SEGMENTS)}
              speakers={speakers}
              rows={rows}
              labels={settings.labels}
              text={text}
              maxChars={languageStyle(lang).maxCharsPerLine}
            />
          ))}
        </main>
        <CaptionAnnouncer segments={state.segments} lang={lanes[0]} roomLanguages={room.languages} positionMs={positionMs} speakers={speakers} />
      </StageView>
    );
  }

  return (
    <div
      ref={stage}
      className={`viewer flex min-h-dvh flex-col gap-4 bg-[var(--page-bg)] px-4 py-4 text-[var(--page-fg)] ${fontClass}`}
      data-theme={settings.theme}
      data-clock-offset={synced ? Math.round(offsetMs * 10) / 10 : undefined}
      style={style}
    >
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="min-w-0 text-base font-semibold sm:text-lg" lang={title.lang}>
          {title.title}
        </h1>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span>
            {text.room} <span className="font-mono font-bold tracking-widest">{room.code}</span>
          </span>
          <ConnectionBadge connection={state.connection} playback={clock.status} text={text} />
        </div>
      </header>
      <nav aria-label={text.settings} className="flex flex-wrap items-center gap-2">
        <button type="button" className={buttonClass} aria-pressed={panel === 'settings'} aria-controls="viewer-panel" onClick={() => setPanel(panel === 'settings' ? 'none' : 'settings')}>
          {text.settings}
        </button>
        <button type="button" className={buttonClass} aria-pressed={panel === 'history'} aria-controls="viewer-panel" onClick={() => setPanel(panel === 'history' ? 'none' : 'history')}>
          {text.scrollback}
        </button>
        <button type="button" className={buttonClass} onClick={() => toggleFullscreen()}>
          {fullscreen ? text.exitFullscreen : text.fullscreen}
        </button>
        <a href={faceHref({ view: 'stage' })} className={buttonClass} data-testid="stage-link">
          {text.stageView}
        </a>
        <a href={`/transcript/${room.transcriptId}`} className={buttonClass}>
          {text.transcript}
        </a>
        <UiLangSwitch lang={uiLang} />
      </nav>
      <div id="viewer-panel">
        {panel === 'settings' ? <SettingsPanel settings={settings} onChange={setSettings} text={text} uiLang={uiLang} languages={room.languages} /> : null}
        {panel === 'history' ? (
          <HistoryPanel
            history={state.history}
            epoch={clock.epoch}
            positionMs={positionMs}
            langs={lanes}
            roomLanguages={room.languages}
            speakers={speakers}
            uiLang={uiLang}
            text={text}
            onClose={() => setPanel('none')}
          />
        ) : null}
      </div>
      <main id="captions" className={`grid gap-4 ${settings.layout === 'side' ? SIDE_BY_SIDE[lanes.length] : ''}`}>
        <PauseNotice status={clock.status} text={text} />
        {lanes.map((lang) => (
          <CaptionLane
            key={lang}
            lang={lang}
            roomLanguages={room.languages}
            uiLang={uiLang}
            turns={rollingTurns(state.segments, lang, positionMs)}
            speakers={speakers}
            rows={settings.rows}
            labels={settings.labels}
            text={text}
            lagMs={lagOf(state.segments, lang, positionMs)}
          />
        ))}
      </main>
      <CaptionAnnouncer segments={state.segments} lang={lanes[0]} roomLanguages={room.languages} positionMs={positionMs} speakers={speakers} />
      <footer className="mt-auto text-xs text-[var(--muted-fg)]">
        <Attribution text={room.attribution} sourceLabel={text.source} />
      </footer>
    </div>
  );
}
