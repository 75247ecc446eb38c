/**
 * What the paint-sync benchmark runs in each viewer page, before any of the page's own scripts.
 * All times are `performance.timeOrigin + performance.now()`: the machine's clock, so times taken
 * in two pages on one machine compare directly.
 *
 * - Words: a MutationObserver sees every caption word the moment React puts it in the DOM (a
 *   word is `lane segment n`: the n-th word of segment `data-segment` in lane `lang`), and the
 *   next animation frame callback gives the frame that paints it: its time as the callback runs
 *   (`paintedAt`) and the frame's own timestamp (`frameAt`, shared by every page on the display,
 *   without the callback's delay). A word counts once, when it first shows, even if the lane
 *   reveals several words in one frame.
 * - Arrivals: every `caption:segment` message is timed when the WebSocket delivers it, and again
 *   at the next animation frame: when a viewer that paints on arrival would paint it.
 */

/** When one word, or one segment's arrival, was first seen, and the frame after it. */
export interface Seen {
  readonly seenAt: number;
  /** When the next animation frame callback ran; -1 until it has. */
  readonly paintedAt: number;
  /** That frame's timestamp; -1 until it has run. */
  readonly frameAt: number;
}

export interface ProbeRecords {
  /** Key `lang segmentId n`. */
  readonly words: Record<string, Seen>;
  /** Key: segment id. */
  readonly arrivals: Record<string, Seen>;
}

/** The global the probe keeps its records in. */
export const PROBE_GLOBAL = '__paintProbe';

/**
 * A string, not a function: tsx compiles functions with helpers (`__name`) that do not exist in
 * the page.
 */
export function paintProbeScript(): string {
  return `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const records = { words: {}, arrivals: {} };
  window[${JSON.stringify(PROBE_GLOBAL)}] = records;
  let waiting = [];
  const paintNext = (entry) => {
    waiting.push(entry);
    if (waiting.length > 1) return;
    requestAnimationFrame((frameTime) => {
      const at = now();
      for (const e of waiting) {
        e.paintedAt = at;
        e.frameAt = performance.timeOrigin + frameTime;
      }
      waiting = [];
    });
  };

  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const at = now();
        // Engine.IO message (4) carrying a Socket.IO event (2) on the main namespace.
        if (typeof event.data !== 'string' || !event.data.startsWith('42[')) return;
        const [name, message] = JSON.parse(event.data.slice(2));
        if (name !== 'caption:segment' || records.arrivals[message.segment.id]) return;
        const entry = { seenAt: at, paintedAt: -1, frameAt: -1 };
        records.arrivals[message.segment.id] = entry;
        paintNext(entry);
      });
    }
  };

  const scan = () => {
    const at = now();
    for (const lane of document.querySelectorAll('section[data-testid^="lane-"]')) {
      for (const part of lane.querySelectorAll('[data-segment]')) {
        const text = (part.textContent || '').replace(/ $/u, '');
        const shown = text ? text.split(' ').length : 0;
        for (let n = 1; n <= shown; n++) {
          const key = lane.getAttribute('lang') + ' ' + part.getAttribute('data-segment') + ' ' + n;
          if (records.words[key]) continue;
          const entry = { seenAt: at, paintedAt: -1, frameAt: -1 };
          records.words[key] = entry;
          paintNext(entry);
        }
      }
    }
  };
  new MutationObserver(scan).observe(document, { childList: true, subtree: true, characterData: true });
})();`;
}
