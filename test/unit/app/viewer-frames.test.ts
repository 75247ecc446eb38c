import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFrameLoop } from '../../../app/lib/frame-loop';
import { createRenderGate, type SignatureOf } from '../../../app/lib/render-gate';
import { rollingTurns } from '../../../app/lib/rolling-lines';
import { turnsSignature, viewerSignature, type ViewerShown } from '../../../app/lib/viewer-signature';
import type { ClockState, Lang, SegmentMessage } from '../../../server/protocol';

/**
 * The viewer's frame loop without React: the real loop (frame-loop.ts) and gate (render-gate.ts)
 * driven by a fake requestAnimationFrame with chosen frame timestamps, and a stand-in for the
 * hook's commit (setPosition, render, layout effect) that notes every render.
 */

const FRAME_MS = 1000 / 60;
/** Frame timestamps are `performance.now()` times; the clock starts at this one. */
const T0 = 10_000;

const msg = (seq: number, turn: number, en: string, ru: string, startMs: number, evs: number): SegmentMessage => ({
  seq,
  epoch: 0,
  dueMs: startMs,
  segment: {
    index: seq,
    id: `t${turn}-s${seq}`,
    turn,
    speakerId: 'kerry',
    sourceLang: 'en',
    kind: 'speech',
    text: { en, ru },
    startMs,
    endMs: startMs + 1_000,
    timing: { en: { startMs, endMs: startMs + 1_000 }, ru: { startMs: startMs + evs, endMs: startMs + evs + 1_000 } },
  },
});

/** One English sentence from 0.51 s (no word falls exactly on a frame), its interpretation 2 s later. */
const sentence = msg(1, 0, 'We are convinced that coordination matters', 'Мы убеждены, что координация важна', 510, 2_000);

const playing = (positionMs = 0): ClockState => ({
  status: 'playing',
  positionMs,
  anchorAtMs: performance.timeOrigin + T0,
  rate: 1,
  loop: false,
  epoch: 0,
  durationMs: 60_000,
});

/** Positions to 0.01 ms: the frame time goes through Unix-epoch milliseconds, which round. */
const ms = (positions: readonly number[]) => positions.map((p) => Math.round(p * 100) / 100);

let callbacks: FrameRequestCallback[] = [];
/** Runs the callbacks requested before this frame, with its timestamp, as a browser does. */
const runFrame = (timestampMs: number) => {
  const due = callbacks;
  callbacks = [];
  for (const callback of due) callback(timestampMs);
};

beforeEach(() => {
  callbacks = [];
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => callbacks.push(callback));
  vi.stubGlobal('cancelAnimationFrame', () => (callbacks = []));
});
afterEach(() => vi.unstubAllGlobals());

/** The hook's loop and gate, with a commit that happens at once (or, `busy`, only when asked). */
function viewer(clock: ClockState, shown: ViewerShown, { startMs = 0, busy = false } = {}) {
  let signatureOf: SignatureOf = (ms) => viewerSignature(shown, ms);
  let position = startMs;
  const renders: number[] = [];
  const pending: number[] = [];
  const commit = (ms: number) => {
    position = ms;
    gate.rendered(signatureOf, ms);
  };
  const gate = createRenderGate((ms) => {
    renders.push(ms);
    if (busy) pending.push(ms);
    else commit(ms);
  });
  commit(startMs);
  const stop = startFrameLoop(clock, 0, gate.frame);
  return {
    renders,
    stop,
    position: () => position,
    /** A render for another reason (new segments, a setting): at the position last committed. */
    rerender(next: ViewerShown) {
      signatureOf = (ms) => viewerSignature(next, ms);
      commit(position);
    },
    /** The busy main thread gets round to the last render asked for. */
    flush() {
      const last = pending.at(-1);
      pending.length = 0;
      if (last !== undefined) commit(last);
    },
  };
}

/** What each lane shows at a position, counted directly: words shown and whether all are. */
function visibleState(segments: readonly SegmentMessage[], lanes: readonly Lang[], positionMs: number): string {
  return JSON.stringify(lanes.map((lang) => rollingTurns(segments, lang, positionMs).flatMap((t) => t.parts.map((p) => [p.words, p.complete]))));
}

describe('viewer frames', () => {
  it('re-renders only on frames where a word appears, each in the first frame after its time, at the frame’s own time', () => {
    const shown = { segments: [sentence], lanes: ['en', 'ru'] as const };
    const v = viewer(playing(), shown);
    const frames: number[] = [];
    for (let k = 0; k * FRAME_MS < 4_000; k++) {
      frames.push(k * FRAME_MS);
      runFrame(T0 + k * FRAME_MS);
    }
    // Every frame whose lanes differ from the frame before, and no other.
    // The positions are the frames' timestamps (frames[k]), not the times the callbacks ran at.
    const changes = frames.filter((at, i) => i > 0 && visibleState([sentence], shown.lanes, at) !== visibleState([sentence], shown.lanes, frames[i - 1]));
    expect(ms(v.renders)).toEqual(ms(changes));
    // Six English words and five Russian ones, each then complete: 13 renders in 240 frames.
    expect(v.renders).toHaveLength(13);
    expect(frames).toHaveLength(240);
  });

  it('shows new segments in the first frame they change what is visible, and costs no render when they do not', () => {
    const later = msg(2, 0, 'And we agree', 'И мы согласны', 1_360, 2_000);
    const v = viewer(playing(), { segments: [sentence], lanes: ['en'] });
    for (let k = 0; k * FRAME_MS < 1_400; k++) runFrame(T0 + k * FRAME_MS);
    const before = v.renders.length;

    // The segment arrives late, just under way: the render for its arrival shows the position
    // last committed (1343 ms, the sixth word), before it; the next frame brings its first word.
    v.rerender({ segments: [sentence, later], lanes: ['en'] });
    runFrame(T0 + 1_400);
    expect(ms(v.renders.slice(before))).toEqual([1_400]);

    // A segment due later changes nothing now.
    v.rerender({ segments: [sentence, later, msg(3, 1, 'Next', 'Далее', 3_000, 2_000)], lanes: ['en'] });
    runFrame(T0 + 1_400 + FRAME_MS);
    expect(ms(v.renders.slice(before))).toEqual([1_400]);
  });

  it('while a render waits for a busy main thread, later frames with the same words do not ask again', () => {
    const v = viewer(playing(), { segments: [sentence], lanes: ['en'] }, { busy: true });
    runFrame(T0 + 520);
    runFrame(T0 + 520 + FRAME_MS);
    runFrame(T0 + 520 + 2 * FRAME_MS);
    expect(ms(v.renders)).toEqual([520]);
    v.flush();
    runFrame(T0 + 520 + 3 * FRAME_MS);
    expect(ms(v.renders)).toEqual([520]);
  });

  it('on a paused clock takes one frame, renders at the clock’s exact position, and stops', () => {
    const paused: ClockState = { ...playing(1_234), status: 'paused' };
    const v = viewer(paused, { segments: [sentence], lanes: ['en'] }, { startMs: 1_200 });
    runFrame(T0 + 5_000);
    expect(v.renders).toEqual([1_234]);
    expect(callbacks).toHaveLength(0);
  });

  it('stops asking for frames when stopped (a new clock starts a new loop)', () => {
    const v = viewer(playing(), { segments: [sentence], lanes: ['en'] });
    runFrame(T0);
    v.stop();
    expect(callbacks).toHaveLength(0);
  });
});

describe('viewer signature', () => {
  const lanes = ['en', 'ru'] as const;

  it('changes with the interpretation lag and the finished sentence, which the lanes show too', () => {
    const at = (ms: number) => viewerSignature({ segments: [sentence], lanes }, ms);
    expect(at(600)).toBe(at(610));
    expect(at(2_510)).not.toBe(at(2_509));
    expect(at(2_510)).toContain('ru[t0-s1:1]2000');
    expect(at(1_510)).toContain('said 0-1');
    expect(at(1_509)).not.toContain('said 0-1');
  });

  it('takes in the scrollback only while it is open: it grows as each language finishes its line, never when it starts', () => {
    // English 2.0–3.0 s, its interpretation 5.0–6.0 s.
    const interpretedLater = msg(2, 1, 'Thank you', 'Спасибо', 2_000, 3_000);
    const closed = (ms: number) => viewerSignature({ segments: [interpretedLater], lanes: ['ru'] }, ms);
    const open = (ms: number) => viewerSignature({ segments: [interpretedLater], lanes: ['ru'], history: [interpretedLater], epoch: 0 }, ms);
    expect(closed(3_000)).not.toContain('history');
    const scrollback = (ms: number) => open(ms).split(' history ')[1];
    expect(scrollback(2_000)).toBe(scrollback(1_999));
    expect(scrollback(3_000)).not.toBe(scrollback(2_999));
    expect(scrollback(5_999)).toBe(scrollback(3_000));
    expect(scrollback(6_000)).not.toBe(scrollback(5_999));
  });

  it('tells segments apart, not only word counts, when an old one rolls off as a new one starts', () => {
    const oneWord = Array.from({ length: 9 }, (_, i) => msg(i + 1, 0, 'Yes', 'Да', i * 1_000, 0));
    const counts = (ms: number) => rollingTurns(oneWord, 'en', ms).map((t) => t.parts.map((p) => p.words));
    expect(counts(8_000)).toEqual(counts(7_999));
    expect(turnsSignature(rollingTurns(oneWord, 'en', 8_000))).not.toBe(turnsSignature(rollingTurns(oneWord, 'en', 7_999)));
  });
});
