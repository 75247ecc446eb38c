import { describe, expect, it } from 'vitest';
import { scrollbackAt, scrollbackLineCount } from '../../../app/lib/viewer-at';
import { MAX_SCROLLBACK_SEGMENTS, stateFromSnapshot, viewerReducer, type ViewerEvent, type ViewerState } from '../../../app/lib/viewer-state';
import type { CaptionSegment, ClockState, RoomSnapshot, SegmentMessage } from '../../../server/protocol';

/** The Russian booth trails the English floor by 1.5 s, as a booth's interpreting delay does. */
const BOOTH_DELAY_MS = 1_500;
const clock: ClockState = { status: 'playing', positionMs: 0, anchorAtMs: 0, rate: 1, loop: false, epoch: 0, durationMs: 600_000 };
/** Sentence i: English from i s to i s + 0.9 s, Russian 1.5 s later. */
const segment = (index: number): CaptionSegment => ({
  index,
  id: `s${index}`,
  turn: 0,
  speakerId: 'kerry',
  sourceLang: 'en',
  kind: 'speech',
  text: { en: `Sentence ${index}.`, ru: `Фраза ${index}.` },
  startMs: index * 1_000,
  endMs: index * 1_000 + 900,
  timing: {
    en: { startMs: index * 1_000, endMs: index * 1_000 + 900 },
    ru: { startMs: index * 1_000 + BOOTH_DELAY_MS, endMs: index * 1_000 + 900 + BOOTH_DELAY_MS },
  },
});
const message = (seq: number, index: number, epoch = 0): SegmentMessage => ({ seq, epoch, dueMs: index * 1_000, segment: segment(index) });
const snapshot = (segments: SegmentMessage[], seq = segments.length, epoch = 0): RoomSnapshot => ({
  protocolVersion: 2,
  room: { code: 'PRESS', transcriptId: 't', title: 'T', attribution: 'A', languages: ['en', 'ru'], speakers: [] },
  stream: 'stream-1',
  clock: { ...clock, epoch },
  serverNowMs: 0,
  seq,
  segments,
});
const join = (segments: SegmentMessage[]) => stateFromSnapshot({ mode: 'snapshot', snapshot: snapshot(segments) });
const apply = (state: ViewerState, ...events: ViewerEvent[]) => events.reduce(viewerReducer, state);
/** What the scrollback lists at a position: each segment's index with the languages it shows. */
const lines = (state: ViewerState, positionMs: number) =>
  scrollbackAt(state.history, state.clock?.epoch ?? 0, positionMs).map((m) => `${m.epoch}:${m.segment.index}:${Object.keys(m.segment.text).join('+')}`);

describe('scrollback never runs ahead of the live lanes', () => {
  it('lists a language only once its lane has shown the line whole, each booth at its own delay', () => {
    // Sent ahead: sentences 0 to 3 are on the client, the clock is at 2.5 s.
    const state = join([message(1, 0), message(2, 1), message(3, 2), message(4, 3)]);
    expect(lines(state, 0)).toEqual([]);
    expect(lines(state, 899)).toEqual([]);
    expect(lines(state, 900)).toEqual(['0:0:en']);
    // Sentence 2 is being said in English and sentence 1 interpreted: neither is in the scrollback yet.
    expect(lines(state, 2_500)).toEqual(['0:0:en+ru', '0:1:en']);
    expect(lines(state, 3_400)).toEqual(['0:0:en+ru', '0:1:en+ru', '0:2:en']);
  });

  it('keeps the whole segment object when every language is finished, and a trimmed copy otherwise', () => {
    const state = join([message(1, 0)]);
    expect(scrollbackAt(state.history, 0, 10_000)[0]).toBe(state.history[0]);
    const partial = scrollbackAt(state.history, 0, 1_000)[0];
    expect(partial.segment.text).toEqual({ en: 'Sentence 0.' });
    expect(partial.segment.timing).toEqual({ en: { startMs: 0, endMs: 900 } });
    expect(state.history[0].segment.text).toEqual({ en: 'Sentence 0.', ru: 'Фраза 0.' });
  });

  it('counts lines per language, so the count grows when an interpretation finishes', () => {
    const state = join([message(1, 0), message(2, 1)]);
    expect(scrollbackLineCount(scrollbackAt(state.history, 0, 1_000))).toBe(1);
    expect(scrollbackLineCount(scrollbackAt(state.history, 0, 2_400))).toBe(3);
    expect(scrollbackLineCount(scrollbackAt(state.history, 0, 3_400))).toBe(4);
  });

  it('after a seek keeps of the old epoch exactly what its lanes had finished, and not what was sent ahead', () => {
    // Sought away at 2.5 s: sentence 0 whole, sentence 1 in English only, 2 and 3 never seen.
    const seeked = apply(join([message(1, 0), message(2, 1), message(3, 2), message(4, 3)]), {
      type: 'clock',
      message: { seq: 5, change: 'seek', clock: { ...clock, epoch: 1, positionMs: 100_000, anchorAtMs: 2_500 } },
    });
    expect(lines(seeked, 100_000)).toEqual(['0:0:en+ru', '0:1:en']);
    // The new epoch's position never hides or reveals the old epoch's lines.
    expect(lines(seeked, 0)).toEqual(['0:0:en+ru', '0:1:en']);
  });

  it('closes a paused epoch at the position it was paused at, however long ago', () => {
    const paused = { ...clock, status: 'paused' as const, positionMs: 1_000, anchorAtMs: 1_000 };
    const state = apply(
      join([message(1, 0), message(2, 1)]),
      { type: 'clock', message: { seq: 3, change: 'pause', clock: paused } },
      { type: 'clock', message: { seq: 4, change: 'restart', clock: { ...clock, epoch: 1, anchorAtMs: 900_000 } } },
    );
    expect(lines(state, 0)).toEqual(['0:0:en']);
  });

  it('closes the old epoch at the snapshot time when a rejoin starts afresh', () => {
    const state = viewerReducer(join([message(1, 0), message(2, 1)]), {
      type: 'joined',
      result: { mode: 'snapshot', snapshot: { ...snapshot([message(3, 5, 1)], 3, 1), serverNowMs: 1_000 } },
    });
    expect(lines(state, 5_000)).toEqual(['0:0:en']);
  });

  it('closes the old epoch when a resume brings a clock of a newer epoch without its message', () => {
    const state = viewerReducer(join([message(1, 0), message(2, 1)]), {
      type: 'joined',
      result: { mode: 'resume', room: snapshot([]).room, stream: 'stream-1', clock: { ...clock, epoch: 2, anchorAtMs: 2_000 }, serverNowMs: 2_000, messages: [] },
    });
    expect(state.clock?.epoch).toBe(2);
    // Closed at 2 s: sentence 0's interpretation ends at 2.4 s.
    expect(lines(state, 0)).toEqual(['0:0:en', '0:1:en']);
  });
});

describe('scrollback after a late join holds the transcript from its start', () => {
  // Joined at 50 s: the snapshot carries only sentences 48 and 49.
  const late = () => join([message(1, 48), message(2, 49)]);
  const transcript = (to: number) => Array.from({ length: to + 1 }, (_, i) => segment(i));

  it('puts the fetched transcript before what the socket delivered, in order, each sentence once', () => {
    const state = viewerReducer(late(), { type: 'transcript', epoch: 0, segments: transcript(49) });
    expect(state.history.map((m) => m.segment.index)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // The socket's own copies stay (they carry their sequence numbers).
    expect(state.history.slice(-2).map((m) => m.seq)).toEqual([1, 2]);
    expect(lines(state, 50_500).length).toBe(50);
  });

  it('trims the fetched transcript to the position like everything else', () => {
    // Fetched up to 52 s (a round trip ahead of the clock): nothing past the lanes shows.
    const state = viewerReducer(late(), { type: 'transcript', epoch: 0, segments: transcript(52) });
    const shown = lines(state, 49_950);
    expect(shown).toHaveLength(50);
    expect(shown.slice(-3)).toEqual(['0:47:en+ru', '0:48:en', '0:49:en']);
  });

  it('after a seek adds only what was said before the first line it holds, never a second copy', () => {
    // Joined at 50 s, then the presenter sought to 3 s (epoch 1); the scrollback was opened after.
    const state = apply(
      late(),
      { type: 'clock', message: { seq: 3, change: 'seek', clock: { ...clock, epoch: 1, positionMs: 3_000, anchorAtMs: 50_000 } } },
      { type: 'segment', message: message(4, 2, 1) },
      { type: 'transcript', epoch: 1, segments: transcript(2) },
    );
    // Sentences 0 to 2 came before sentence 48, the first line held: they open the scrollback, once.
    expect(state.history.map((m) => `${m.epoch}:${m.segment.index}`)).toEqual(['0:0', '0:1', '0:2', '0:48', '0:49', '1:2']);
  });

  it('after a seek closes what it adds at the first line it holds', () => {
    // Sentence 46's interpretation ends at 48.4 s, after sentence 48 starts at 48 s: only its English is added.
    const seeked = apply(late(), { type: 'clock', message: { seq: 3, change: 'seek', clock: { ...clock, epoch: 1, anchorAtMs: 50_000 } } });
    const state = viewerReducer(seeked, { type: 'transcript', epoch: 0, segments: transcript(49) });
    expect(state.history).toHaveLength(50);
    expect(lines(state, 0).slice(45, 48)).toEqual(['0:45:en+ru', '0:46:en', '0:47:en']);
  });

  it('adds nothing after a seek when nothing was said before the first line it holds', () => {
    const seeked = apply(late(), { type: 'clock', message: { seq: 3, change: 'seek', clock: { ...clock, epoch: 1, anchorAtMs: 50_000 } } });
    expect(viewerReducer(seeked, { type: 'transcript', epoch: 1, segments: [segment(48), segment(49)] })).toBe(seeked);
  });

  it('adds nothing to a viewer that holds no line yet in another epoch', () => {
    const empty = viewerReducer({ ...late(), history: [] }, { type: 'clock', message: { seq: 3, change: 'seek', clock: { ...clock, epoch: 1, anchorAtMs: 50_000 } } });
    expect(viewerReducer(empty, { type: 'transcript', epoch: 0, segments: transcript(3) })).toBe(empty);
  });

  it('keeps the same state when the transcript brings nothing new', () => {
    const state = late();
    expect(viewerReducer(state, { type: 'transcript', epoch: 0, segments: [segment(48)] })).toBe(state);
  });

  it(`holds at most ${MAX_SCROLLBACK_SEGMENTS} segments, the newest`, () => {
    const huge = Array.from({ length: MAX_SCROLLBACK_SEGMENTS + 10 }, (_, i) => segment(i));
    const state = viewerReducer(join([message(1, MAX_SCROLLBACK_SEGMENTS + 20)]), { type: 'transcript', epoch: 0, segments: huge });
    expect(state.history).toHaveLength(MAX_SCROLLBACK_SEGMENTS);
    expect(state.history[0].segment.index).toBe(11);
    expect(state.history.at(-1)?.segment.index).toBe(MAX_SCROLLBACK_SEGMENTS + 20);
  });
});
