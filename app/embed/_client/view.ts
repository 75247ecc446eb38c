import type { ClockState, Lang, SegmentMessage, SpeakerInfo } from '../../../server/protocol';
import { positionAt } from '../../../server/replay/clock';
import { frameNow } from '../../lib/clock-sync';
import { rollingTurns } from '../../lib/rolling-lines';
import { speakerLabel } from '../../lib/speaker-label';
import { laneOrder, parseSettings, SIZE_SCALE, type ViewerSettings } from '../../lib/viewer-settings';
import { turnsSignature } from '../../lib/viewer-signature';
import { EMBED_TEXT } from './embed-text';
import { settingsFromHost, type EmbedMessage, type EmbedOrigin } from './host-messages';
import { renderLane } from './render';

/** What the embed shows at a frame: a room's (main.ts) or a transcript's on a host's media clock (transcript.ts). */
export interface ViewSource {
  readonly languages: readonly Lang[];
  readonly speakers: readonly SpeakerInfo[];
  readonly segments: readonly SegmentMessage[];
  readonly clock: ClockState;
  /** Added to the frame's time to get the clock's time (the server-clock estimate; 0 for a media clock). */
  readonly offsetMs: number;
  /** The status line: a key of EMBED_TEXT, or '' for none. */
  readonly status: keyof (typeof EMBED_TEXT)['en'] | '';
}

export const root = document.getElementById('bc') as HTMLElement;
const uiLang: 'en' | 'ru' = root.dataset.ui === 'ru' ? 'ru' : 'en';
/**
 * The right-to-left languages, as the page computed them (server/language-tags.ts,
 * textDirection): the script's own copy of the likely-script table would not fit the size budget.
 */
const rtl = new Set((root.dataset.rtl ?? '').split(' '));
const dirOf = (lang: Lang) => (rtl.has(lang) ? 'rtl' : 'ltr');

export const post = (message: EmbedMessage) => {
  // Captions are public; any host page may listen.
  if (window.parent !== window) window.parent.postMessage(message, '*');
};

/**
 * Paints `read()` every animation frame, touching the DOM only when what it shows changes, takes
 * `boothcast:set` from the host page, and posts each new caption to it. The position is taken at
 * the frame's own time (its timestamp), not when this callback runs, so pages on one display with
 * the same clock show a word in the same frame (see app/lib/frame-loop.ts).
 */
export function startView(origin: EmbedOrigin, read: () => ViewSource | undefined): void {
  let settings: ViewerSettings = parseSettings(new URLSearchParams(location.search));
  let lastKey = '';
  const announced = new Set<string>();
  const boxes = new Map<Lang, HTMLElement>();

  window.addEventListener('message', (event) => {
    const next = settingsFromHost(event.data, settings);
    if (next) {
      settings = next;
      lastKey = '';
    }
  });

  const laneBox = (lang: Lang): HTMLElement => {
    let box = boxes.get(lang) ?? (root.querySelector(`[data-lane="${lang}"] .c`) as HTMLElement | null) ?? undefined;
    if (!box) {
      const lane = document.createElement('section');
      lane.dataset.lane = lang;
      lane.lang = lang;
      lane.dir = dirOf(lang);
      // The now-speaking heading (render.ts fills it), then the roll-up box.
      const heading = document.createElement('p');
      heading.className = 'n';
      box = document.createElement('div');
      box.className = 'c';
      lane.append(heading, box);
    }
    boxes.set(lang, box);
    return box;
  };

  /** Posts each new caption to the host once, and gives screen readers the leading language's sentences. */
  const announce = (lang: Lang, turn: ReturnType<typeof rollingTurns>[number] | undefined, speakers: ReadonlyMap<string, SpeakerInfo>, source: ViewSource, lead: boolean) => {
    const part = turn?.parts.at(-1);
    if (!turn || !part || announced.has(`${lang}:${part.key}`)) return;
    announced.add(`${lang}:${part.key}`);
    const speaker = speakerLabel(speakers.get(turn.speakerId), lang, source.languages, turn.speakerId).text;
    const live = root.querySelector('.sr');
    if (lead && live) {
      live.setAttribute('lang', lang);
      live.setAttribute('dir', dirOf(lang));
      live.textContent = `${speaker}: ${part.text}`;
    }
    post({ source: 'boothcast', type: 'caption', ...origin, lang, segmentId: part.key, speaker, text: part.text, interpreted: turn.interpreted });
  };

  const frame = (frameTimeMs: number) => {
    const source = read();
    if (source) {
      const position = positionAt(source.clock, frameNow(frameTimeMs) + source.offsetMs);
      const lanes = laneOrder(settings, source.languages);
      const rendered = lanes.map((lang) => ({ lang, turns: rollingTurns(source.segments, lang, position) }));
      const key = JSON.stringify([settings, source.status, rendered.map((r) => turnsSignature(r.turns))]);
      if (key !== lastKey) {
        lastKey = key;
        const speakers = new Map<string, SpeakerInfo>(source.speakers.map((s) => [s.id, s]));
        root.dataset.theme = settings.theme;
        root.style.setProperty('--k', String(SIZE_SCALE[settings.size]));
        root.style.setProperty('--a', String(settings.bg / 100));
        root.style.setProperty('--r', String(settings.rows));
        const laneBoxes = lanes.map((lang) => laneBox(lang));
        root.querySelector('.lanes')?.replaceChildren(...laneBoxes.map((b) => b.parentElement as HTMLElement));
        rendered.forEach(({ lang, turns }, i) => renderLane(laneBoxes[i], lang, turns, speakers, source.languages, settings.labels, dirOf(lang)));
        const status = root.querySelector('.st');
        if (status) status.textContent = source.status ? EMBED_TEXT[uiLang][source.status] : '';
        rendered.forEach(({ lang, turns }, i) => announce(lang, turns.at(-1), speakers, source, i === 0));
      }
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
