import { createSocket } from '../../lib/socket';
import { PROTOCOL_VERSION, type Ack, type JoinResult, type Lang, type SpeakerInfo } from '../../../server/protocol';
import { positionAt } from '../../../server/replay/clock';
import { frameNow } from '../../lib/clock-sync';
import { startClockSync } from '../../lib/clock-sync-loop';
import { rollingTurns } from '../../lib/rolling-lines';
import { speakerLabel } from '../../lib/speaker-label';
import { laneOrder, parseSettings, SIZE_SCALE, type ViewerSettings } from '../../lib/viewer-settings';
import { turnsSignature } from '../../lib/viewer-signature';
import { initialViewerState, viewerReducer, type ViewerEvent, type ViewerState } from '../../lib/viewer-state';
import { EMBED_TEXT } from './embed-text';
import { settingsFromHost, type EmbedMessage } from './host-messages';
import { renderLane } from './render';

/**
 * The embed: captions only, no React. Joins the room over Socket.IO, works out every animation
 * frame what each lane shows from the room clock, touches the DOM only when that changes, and
 * talks to the host page with postMessage.
 */
const root = document.getElementById('bc') as HTMLElement;
const code = root.dataset.room ?? '';
const uiLang: 'en' | 'ru' = root.dataset.ui === 'ru' ? 'ru' : 'en';
/**
 * The room's right-to-left languages, as the page computed them (server/language-tags.ts,
 * textDirection): the script's own copy of the likely-script table would not fit the size budget.
 */
const rtl = new Set((root.dataset.rtl ?? '').split(' '));
const dirOf = (lang: Lang) => (rtl.has(lang) ? 'rtl' : 'ltr');
let settings: ViewerSettings = parseSettings(new URLSearchParams(location.search));
let state: ViewerState = initialViewerState;
let offsetMs = Number(root.dataset.now ?? Date.now()) - Date.now();
let lastKey = '';
const announced = new Set<string>();

const post = (message: EmbedMessage) => {
  // Captions are public; any host page may listen.
  if (window.parent !== window) window.parent.postMessage(message, '*');
};

const dispatch = (event: ViewerEvent) => {
  const before = state;
  state = viewerReducer(state, event);
  if (before.connection !== state.connection || before.clock?.status !== state.clock?.status || before.clock?.rate !== state.clock?.rate) {
    post({ source: 'boothcast', type: 'state', room: code, connection: state.connection, status: state.clock?.status ?? 'playing', rate: state.clock?.rate ?? 1 });
  }
};

const socket = createSocket();
const join = () =>
  socket.emit('room:join', { room: code, protocolVersion: PROTOCOL_VERSION, ...(state.stream ? { lastSeq: state.seq, stream: state.stream } : {}) }, (reply: Ack<JoinResult>) => {
    if (reply.ok) dispatch({ type: 'joined', result: reply.data });
    else dispatch({ type: 'connection', status: 'offline' });
  });
let stopSync: (() => void) | undefined;
socket.on('connect', () => {
  join();
  stopSync?.();
  stopSync = startClockSync(socket, (estimate) => (offsetMs = estimate));
});
socket.on('disconnect', () => dispatch({ type: 'connection', status: socket.active ? 'reconnecting' : 'offline' }));
socket.on('connect_error', () => dispatch({ type: 'connection', status: socket.active ? 'reconnecting' : 'offline' }));
socket.on('caption:segment', (message) => {
  dispatch({ type: 'segment', message });
  if (state.needsResync) join();
});
socket.on('clock:changed', (message) => {
  dispatch({ type: 'clock', message });
  if (state.needsResync) join();
});

window.addEventListener('message', (event) => {
  const next = settingsFromHost(event.data, settings);
  if (next) {
    settings = next;
    lastKey = '';
  }
});

function applySettings(): void {
  root.dataset.theme = settings.theme;
  root.style.setProperty('--k', String(SIZE_SCALE[settings.size]));
  root.style.setProperty('--a', String(settings.bg / 100));
  root.style.setProperty('--r', String(settings.rows));
}

/**
 * The position is taken at the frame's own time (its timestamp), not when this callback runs, so
 * pages on one display with the same clock estimate show a word in the same frame (see
 * app/lib/frame-loop.ts).
 */
function frame(frameTimeMs: number): void {
  const clock = state.clock;
  const room = state.room;
  if (clock && room) {
    const position = positionAt(clock, frameNow(frameTimeMs) + offsetMs);
    const lanes = laneOrder(settings, room.languages);
    const rendered = lanes.map((lang) => ({ lang, turns: rollingTurns(state.segments, lang, position) }));
    const key = JSON.stringify([settings, state.connection, clock.status, rendered.map((r) => turnsSignature(r.turns))]);
    if (key !== lastKey) {
      lastKey = key;
      const speakers = new Map<string, SpeakerInfo>(room.speakers.map((s) => [s.id, s]));
      applySettings();
      const boxes = lanes.map((lang) => laneBox(lang));
      root.querySelector('.lanes')?.replaceChildren(...boxes.map((b) => b.parentElement as HTMLElement));
      rendered.forEach(({ lang, turns }, i) => renderLane(boxes[i], lang, turns, speakers, room.languages, settings.labels, dirOf(lang)));
      const status = root.querySelector('.st');
      const connection = state.connection === 'live' && clock.status !== 'playing' ? clock.status : state.connection;
      if (status) status.textContent = connection === 'live' ? '' : EMBED_TEXT[uiLang][connection];
      rendered.forEach(({ lang, turns }, i) => announce(lang, turns.at(-1), speakers, room.languages, i === 0));
    }
  }
  requestAnimationFrame(frame);
}

const boxes = new Map<Lang, HTMLElement>();
function laneBox(lang: Lang): HTMLElement {
  let box = boxes.get(lang) ?? (root.querySelector(`[data-lane="${lang}"] .c`) as HTMLElement | null) ?? undefined;
  if (!box) {
    const lane = document.createElement('section');
    lane.dataset.lane = lang;
    lane.lang = lang;
    lane.dir = dirOf(lang);
    const heading = document.createElement('p');
    heading.className = 'n';
    box = document.createElement('div');
    box.className = 'c';
    lane.append(heading, box);
  }
  boxes.set(lang, box);
  return box;
}

/** Posts each new caption to the host once, and gives screen readers the leading language's sentences. */
function announce(
  lang: Lang,
  turn: ReturnType<typeof rollingTurns>[number] | undefined,
  speakers: ReadonlyMap<string, SpeakerInfo>,
  roomLanguages: readonly Lang[],
  lead: boolean,
): void {
  const part = turn?.parts.at(-1);
  if (!turn || !part || announced.has(`${lang}:${part.key}`)) return;
  announced.add(`${lang}:${part.key}`);
  const speaker = speakerLabel(speakers.get(turn.speakerId), lang, roomLanguages, turn.speakerId).text;
  const live = root.querySelector('.sr');
  if (lead && live) {
    live.setAttribute('lang', lang);
    live.setAttribute('dir', dirOf(lang));
    live.textContent = `${speaker}: ${part.text}`;
  }
  post({
    source: 'boothcast',
    type: 'caption',
    room: code,
    lang,
    segmentId: part.key,
    speaker,
    text: part.text,
    interpreted: turn.interpreted,
  });
}

post({ source: 'boothcast', type: 'ready', room: code, protocolVersion: PROTOCOL_VERSION });
requestAnimationFrame(frame);
