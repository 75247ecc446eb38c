import { describe, expect, it } from 'vitest';
import {
  CHAIN_GAP_BELOW_MS,
  KEEP_PAUSE_FROM_MS,
  languageStyle,
  MAX_CUE_MS,
  MAX_EVS_MS,
  MAX_LINES_PER_CUE,
  MAX_READING_CPS,
  MAX_TAIL_MS,
  MIN_CUE_MS,
  MIN_EVS_MS,
  MIN_GAP_MS,
  MIN_MS_PER_WORD,
  MIN_SOUND_LABEL_MS,
  type Lang,
} from '../../../server/transcript/caption-style';
import { checkCues, type CueRule } from '../../../server/transcript/cues/check-cues';
import type { Cue } from '../../../server/transcript/cues/cue';
import { timeCues } from '../../../server/transcript/cues/cue-timing';
import { layoutLines } from '../../../server/transcript/cues/line-layout';
import { SidecarSchema } from '../../../server/transcript/import/sidecar';

/**
 * Every house-style limit (caption-style.ts) with a case at the limit, which passes, and one a
 * unit past it (a character, a millisecond, a line), which `check` flags. The numbers come from
 * the constants, so the cases move with them; a `<=` turned into `<` fails the first half, a
 * limit loosened by one fails the second.
 */

/** `n` characters of plain words ("talks talks ta"), never ending in a space. */
function chars(n: number, word = 'talks'): string {
  let text = '';
  while (text.length < n) text += (text ? ' ' : '') + word;
  return text.slice(0, n).replace(/ $/u, 'x');
}

const START = 10_000;
/** A cue of one line, up long enough that nothing but the rule under test is in question. */
function cue(over: Partial<Cue> = {}): Cue {
  return {
    number: 1,
    lang: 'en',
    kind: 'speech',
    speakerId: 'kerry',
    voice: 'Secretary Kerry',
    segmentId: 's1',
    interpreted: false,
    lines: ['We met in Vienna.'],
    startMs: START,
    endMs: START + 3_000,
    speech: { startMs: START, endMs: START + 3_000 },
    ...over,
  };
}

/** A second cue of the same speaker after `first`, `gapMs` after it ends. */
function after(first: Cue, gapMs: number, over: Partial<Cue> = {}): Cue {
  const startMs = first.endMs + gapMs;
  return cue({ number: 2, segmentId: 's2', startMs, endMs: startMs + 3_000, speech: { startMs, endMs: startMs + 3_000 }, ...over });
}

/** Speech that ends `pauseMs` before the next cue's speech, shown with a `gapMs` gap. */
function pauseShownAs(pauseMs: number, gapMs: number): Cue[] {
  const first = cue({ endMs: START + 3_000, speech: { startMs: START, endMs: START + 3_000 - (pauseMs - gapMs) } });
  return [first, after(first, gapMs)];
}

interface Row {
  readonly limit: string;
  readonly rule: CueRule;
  readonly lang?: Lang;
  /** At the limit: `check` says nothing about this rule. */
  readonly at: readonly Cue[];
  /** One unit past it: `check` flags this rule once. */
  readonly past: readonly Cue[];
}

const en = languageStyle('en').maxCharsPerLine;
const ru = languageStyle('ru').maxCharsPerLine;
const LABEL = '>> KERRY:';

const ROWS: Row[] = [
  { limit: `English line ≤ ${en} characters`, rule: 'chars-per-line', at: [cue({ lines: [chars(en)] })], past: [cue({ lines: [chars(en + 1)] })] },
  {
    limit: `Russian line ≤ ${ru} characters`,
    rule: 'chars-per-line',
    lang: 'ru',
    at: [cue({ lang: 'ru', lines: [chars(ru, 'мир')] })],
    past: [cue({ lang: 'ru', lines: [chars(ru + 1, 'мир')] })],
  },
  {
    limit: `a turn label counts in its line's ${en}`,
    rule: 'chars-per-line',
    at: [cue({ turnLabel: LABEL, lines: [chars(en - LABEL.length - 1)] })],
    past: [cue({ turnLabel: LABEL, lines: [chars(en - LABEL.length)] })],
  },
  {
    limit: `≤ ${MAX_LINES_PER_CUE} lines`,
    rule: 'lines',
    at: [cue({ lines: Array.from({ length: MAX_LINES_PER_CUE }, () => chars(30)) })],
    past: [cue({ lines: Array.from({ length: MAX_LINES_PER_CUE + 1 }, () => chars(30)) })],
  },
  {
    // Two lines are wrong only when their text fits one: at cpl + 1 characters it no longer does.
    limit: `two lines only when the text is over ${en} characters`,
    rule: 'one-line',
    at: [cue({ lines: [chars(20), chars(en - 20)] })],
    past: [cue({ lines: [chars(20), chars(en - 21)] })],
  },
  {
    limit: `≤ ${MAX_READING_CPS} characters a second`,
    rule: 'reading-speed',
    at: [cue({ lines: [chars(MAX_READING_CPS)], endMs: START + 1_000 })],
    past: [cue({ lines: [chars(MAX_READING_CPS + 1)], endMs: START + 1_000 })],
  },
  {
    limit: `≥ ${MIN_CUE_MS} ms on screen`,
    rule: 'duration-min',
    at: [cue({ lines: ['Yes.'], endMs: START + MIN_CUE_MS, speech: { startMs: START, endMs: START + MIN_CUE_MS } })],
    past: [cue({ lines: ['Yes.'], endMs: START + MIN_CUE_MS - 1, speech: { startMs: START, endMs: START + MIN_CUE_MS - 1 } })],
  },
  {
    limit: `≤ ${MAX_CUE_MS} ms on screen`,
    rule: 'duration-max',
    at: [cue({ endMs: START + MAX_CUE_MS, speech: { startMs: START, endMs: START + MAX_CUE_MS } })],
    past: [cue({ endMs: START + MAX_CUE_MS + 1, speech: { startMs: START, endMs: START + MAX_CUE_MS + 1 } })],
  },
  {
    // Four words: 4 × 300 ms is over the 833 ms minimum, so only this rule is in play.
    limit: `≥ ${MIN_MS_PER_WORD} ms a word`,
    rule: 'duration-per-word',
    at: [cue({ lines: ['We met them all.'], endMs: START + 4 * MIN_MS_PER_WORD })],
    past: [cue({ lines: ['We met them all.'], endMs: START + 4 * MIN_MS_PER_WORD - 1 })],
  },
  {
    limit: `a sound label ≥ ${MIN_SOUND_LABEL_MS} ms`,
    rule: 'sound-label',
    at: [cue({ kind: 'sound', lines: ['[laughter]'], endMs: START + MIN_SOUND_LABEL_MS, speech: undefined })],
    past: [cue({ kind: 'sound', lines: ['[laughter]'], endMs: START + MIN_SOUND_LABEL_MS - 1, speech: undefined })],
  },
  { limit: `gap ≥ ${MIN_GAP_MS} ms`, rule: 'gap', at: [cue(), after(cue(), MIN_GAP_MS)], past: [cue(), after(cue(), MIN_GAP_MS - 1)] },
  {
    limit: `a gap under ${CHAIN_GAP_BELOW_MS} ms is closed to ${MIN_GAP_MS} ms`,
    rule: 'chaining',
    at: [cue(), after(cue(), CHAIN_GAP_BELOW_MS)],
    past: [cue(), after(cue(), CHAIN_GAP_BELOW_MS - 1)],
  },
  {
    limit: `a chained gap is exactly ${MIN_GAP_MS} ms, no more`,
    rule: 'chaining',
    at: [cue(), after(cue(), MIN_GAP_MS)],
    past: [cue(), after(cue(), MIN_GAP_MS + 1)],
  },
  {
    limit: `a ${KEEP_PAUSE_FROM_MS} ms pause in speech stays ${KEEP_PAUSE_FROM_MS} ms empty`,
    rule: 'pause',
    at: pauseShownAs(KEEP_PAUSE_FROM_MS, KEEP_PAUSE_FROM_MS),
    past: pauseShownAs(KEEP_PAUSE_FROM_MS, KEEP_PAUSE_FROM_MS - 1),
  },
  {
    // A pause a millisecond short of the rule may be chained over; at the rule it may not.
    limit: `pauses from ${KEEP_PAUSE_FROM_MS} ms count as pauses`,
    rule: 'pause',
    at: pauseShownAs(KEEP_PAUSE_FROM_MS - 1, MIN_GAP_MS),
    past: pauseShownAs(KEEP_PAUSE_FROM_MS, MIN_GAP_MS),
  },
  {
    limit: 'a cue never starts before its speech',
    rule: 'sync-start',
    at: [cue({ speech: { startMs: START, endMs: START + 3_000 } })],
    past: [cue({ speech: { startMs: START + 1, endMs: START + 3_000 } })],
  },
  {
    limit: `a cue ends ≤ ${MAX_TAIL_MS} ms after its speech`,
    rule: 'sync-end',
    at: [cue({ speech: { startMs: START, endMs: START + 3_000 - MAX_TAIL_MS } })],
    past: [cue({ speech: { startMs: START, endMs: START + 3_000 - MAX_TAIL_MS - 1 } })],
  },
];

describe('check flags a cue one unit past each house-style limit, not at it', () => {
  it.each(ROWS)('$limit ($rule)', ({ rule, lang = 'en', at, past }) => {
    const flagged = (cues: readonly Cue[]) => checkCues(cues, lang, 'srt').violations.filter((v) => v.rule === rule);
    expect(flagged(at), 'at the limit').toEqual([]);
    expect(flagged(past), 'one unit past').toHaveLength(1);
  });
});

describe('the segmenter keeps within the line limit at its edge', () => {
  it.each(['en', 'ru'] as const)('%s: a text of exactly the limit is one line; one character more takes two', (lang) => {
    const word = lang === 'en' ? 'talks' : 'мир';
    const max = languageStyle(lang).maxCharsPerLine;
    expect(layoutLines(chars(max, word).split(' '), lang)?.lines).toEqual([chars(max, word)]);
    const two = layoutLines(chars(max + 1, word).split(' '), lang)?.lines ?? [];
    expect(two).toHaveLength(2);
    for (const line of two) expect(line.length).toBeLessThanOrEqual(max);
  });

  it.each(['en', 'ru'] as const)('%s: two full lines fit; one character more fits no two lines', (lang) => {
    const max = languageStyle(lang).maxCharsPerLine;
    // Each half is one word, so the only break is between them and each line is exactly `max`.
    const half = (n: number) => (lang === 'en' ? 'a' : 'м').repeat(n);
    expect(layoutLines([half(max), half(max)], lang)?.lines).toEqual([half(max), half(max)]);
    expect(layoutLines([half(max), half(max + 1)], lang)).toBeUndefined();
    expect(layoutLines([half(max + 1), half(max)], lang)).toBeUndefined();
  });

  it('leaves room for the turn label: the label and the line together are at most the limit', () => {
    const reserve = LABEL.length + 1;
    expect(layoutLines(chars(en - reserve).split(' '), 'en', { reserve })?.lines).toHaveLength(1);
    expect(layoutLines(chars(en - reserve + 1).split(' '), 'en', { reserve })?.lines).toHaveLength(2);
  });
});

describe('cue timing at its limits', () => {
  const input = (startMs: number, endMs: number, words = 1) => ({ speech: { startMs, endMs }, chars: 1, words, sound: false });

  it(`chains a gap of ${CHAIN_GAP_BELOW_MS - 1} ms to ${MIN_GAP_MS} ms, but leaves a ${CHAIN_GAP_BELOW_MS} ms one open`, () => {
    const [chained] = timeCues([input(0, 2_000), input(2_000 + CHAIN_GAP_BELOW_MS - 1, 5_000)]);
    expect(chained.endMs).toBe(2_000 + CHAIN_GAP_BELOW_MS - 1 - MIN_GAP_MS);
    const [open] = timeCues([input(0, 2_000), input(2_000 + CHAIN_GAP_BELOW_MS, 5_000)]);
    expect(open.endMs).toBe(2_000);
  });

  it(`shows a cue at most ${MAX_CUE_MS} ms, however long its speech`, () => {
    expect(timeCues([input(0, MAX_CUE_MS)])[0].endMs).toBe(MAX_CUE_MS);
    expect(timeCues([input(0, MAX_CUE_MS + 1)])[0].endMs).toBe(MAX_CUE_MS);
  });

  it(`lets a cue that needs the time stay up at most ${MAX_TAIL_MS} ms after its speech`, () => {
    // Four words want 4 × 300 ms: their speech ends the tail before that, then a millisecond earlier.
    const wanted = 4 * MIN_MS_PER_WORD;
    expect(timeCues([input(0, wanted - MAX_TAIL_MS, 4)])[0].endMs).toBe(wanted);
    expect(timeCues([input(0, wanted - MAX_TAIL_MS - 1, 4)])[0].endMs).toBe(wanted - 1);
  });

  it(`keeps a ${KEEP_PAUSE_FROM_MS} ms pause before the next cue empty; a shorter one only ${CHAIN_GAP_BELOW_MS} ms`, () => {
    // Ten words want 3 s but are spoken in 1 s: the cue stretches as far as the next cue lets it.
    const kept = timeCues([input(0, 1_000, 10), input(1_000 + KEEP_PAUSE_FROM_MS, 5_000)])[0];
    expect(kept.endMs).toBe(1_000);
    const shorter = timeCues([input(0, 1_000, 10), input(1_000 + KEEP_PAUSE_FROM_MS - 1, 5_000)])[0];
    expect(shorter.endMs).toBe(1_000 + KEEP_PAUSE_FROM_MS - 1 - CHAIN_GAP_BELOW_MS);
  });
});

describe('interpreter ear-voice span', () => {
  it.each([
    ['the shortest', MIN_EVS_MS, MIN_EVS_MS - 1],
    ['the longest', MAX_EVS_MS, MAX_EVS_MS + 1],
  ])('a sidecar may give %s span, not a millisecond beyond', (_which, at, past) => {
    expect(SidecarSchema.safeParse({ evsMs: at }).success).toBe(true);
    expect(SidecarSchema.safeParse({ evsMs: past }).success).toBe(false);
  });
});
