import { describe, expect, it } from 'vitest';
import { checkCues, CUE_RULES, type CueRule } from '../../../server/transcript/cues/check-cues';
import type { Cue } from '../../../server/transcript/cues/cue';

/** Two good cues of one speaker, 2 s apart: the base each case below breaks in one way. */
function cues(first: Partial<Cue> = {}, second: Partial<Cue> = {}): Cue[] {
  const base = {
    lang: 'en',
    kind: 'speech',
    speakerId: 'kerry',
    voice: 'Secretary Kerry',
    interpreted: false,
  } as const;
  return [
    { ...base, number: 1, turnLabel: '>> KERRY:', lines: ['We met in Vienna this morning.'], startMs: 1_000, endMs: 3_000, speech: { startMs: 1_000, endMs: 3_000 }, segmentId: 's1', ...first },
    { ...base, number: 2, lines: ['We agreed on the next steps.'], startMs: 5_000, endMs: 7_000, speech: { startMs: 5_000, endMs: 7_000 }, segmentId: 's2', ...second },
  ];
}

const CASES: [what: string, broken: Cue[], rule: CueRule, message: RegExp, cue: 1 | 2][] = [
  ['a 44-character line', cues({}, { lines: ['We met the Russian minister in Vienna today.'] }), 'chars-per-line', /44 characters; the limit is 42/u, 2],
  ['a turn label that pushes the line over', cues({ lines: ['We met the Russian minister in Vienna.'] }), 'chars-per-line', /48 characters; the limit is 42/u, 1],
  ['three lines', cues({ lines: ['We met', 'in Vienna', 'this morning.'] }), 'lines', /3 lines/u, 1],
  ['two lines that fit on one', cues({}, { lines: ['We agreed on', 'the next steps.'] }), 'one-line', /fits on one line/u, 2],
  [
    'a longer top line when a break as good makes it shorter',
    cues({}, { lines: ['In Vienna, we agreed on the next steps', 'for the talks.'], endMs: 8_000, speech: { startMs: 5_000, endMs: 8_000 } }),
    'top-line',
    /"In Vienna, \/ we agreed/u,
    2,
  ],
  [
    'an article left at the end of a line',
    cues({}, { lines: ['We have talked with the', 'minister about the ceasefire today.'], endMs: 8_500, speech: { startMs: 5_000, endMs: 8_500 } }),
    'line-break',
    /article/u,
    2,
  ],
  [
    'a cue that splits a preposition from its object',
    cues({ lines: ['We talked with'], endMs: 2_900 }, { lines: ['Sergey Lavrov today.'], startMs: 2_983, speech: { startMs: 3_000, endMs: 7_000 }, segmentId: 's1' }),
    'line-break',
    /preposition/u,
    2,
  ],
  ['61 characters in 2 s', cues({}, { lines: ['We agreed on the next steps for the talks', 'and on a ceasefire.'] }), 'reading-speed', /30\.5 characters a second/u, 2],
  ['half a second', cues({ lines: ['Yes.'], endMs: 1_500 }), 'duration-min', /500 ms; the minimum is 833 ms/u, 1],
  [
    'eight seconds',
    cues({ endMs: 4_900, speech: { startMs: 1_000, endMs: 4_500 } }, { startMs: 6_000, speech: { startMs: 6_000, endMs: 14_000 }, endMs: 14_000 }),
    'duration-max',
    /8000 ms/u,
    2,
  ],
  ['ten words in 2.4 s', cues({ lines: ['We met, we ate, we left, we slept, we woke.'], endMs: 3_400, speech: { startMs: 1_000, endMs: 3_400 } }), 'duration-per-word', /240 ms a word/u, 1],
  ['a sound label up for 0.9 s', cues({}, { kind: 'sound', lines: ['[laughter]'], endMs: 5_900, speech: { startMs: 5_000, endMs: 5_900 } }), 'sound-label', /900 ms/u, 2],
  ['overlapping cues', cues({ endMs: 5_100, speech: { startMs: 1_000, endMs: 4_700 } }), 'gap', /overlaps the previous cue by 100 ms/u, 2],
  ['a 60 ms gap', cues({ endMs: 4_940, speech: { startMs: 1_000, endMs: 4_600 } }), 'gap', /60 ms after the previous cue/u, 2],
  ['a 300 ms gap left open', cues({ endMs: 4_700, speech: { startMs: 1_000, endMs: 4_700 } }), 'chaining', /300 ms gap flickers/u, 2],
  ['a 1.5 s pause filled', cues({ endMs: 4_100, speech: { startMs: 1_000, endMs: 3_500 } }), 'pause', /1500 ms pause in speech shows as only 900 ms/u, 2],
  ['a cue before its speech', cues({}, { startMs: 4_800 }), 'sync-start', /starts 200 ms before its speech/u, 2],
  ['a cue 0.6 s after its speech', cues({ endMs: 3_000, speech: { startMs: 1_000, endMs: 2_400 } }), 'sync-end', /ends 600 ms after its speech/u, 1],
  ['a new speaker without a label', cues({}, { speakerId: 'lavrov' }), 'speaker-change', /kerry → lavrov/u, 2],
  ['an empty cue', cues({}, { lines: [''] }), 'empty', /no text/u, 2],
];

describe('check: every house-style rule, each violation with its cue and rule', () => {
  it('passes the base case', () => {
    expect(checkCues(cues(), 'en', 'srt').violations).toEqual([]);
  });

  it.each(CASES)('finds %s', (_what, broken, rule, message, cue) => {
    const report = checkCues(broken, 'en', 'srt');
    const found = report.violations.filter((v) => v.rule === rule);
    expect(found, JSON.stringify(report.violations)).toHaveLength(1);
    expect(found[0].message).toMatch(message);
    expect(found[0].cue).toBe(cue);
  });

  it('reports the worst value of every rule', () => {
    const report = checkCues(cues({ lines: ['We met in Vienna, and then', 'we agreed on the next steps.'] }), 'en', 'vtt');
    expect(report.rules.map((r) => r.rule)).toEqual([...CUE_RULES]);
    const worst = Object.fromEntries(report.rules.map((r) => [r.rule, r.worst]));
    expect(worst['chars-per-line']).toBe(36); // ">> KERRY: " + "We met in Vienna, and then"
    expect(worst['reading-speed']).toBe(27.5);
    expect(worst.gap).toBe(2_000);
    expect(worst['sound-label']).toBeUndefined();
    expect(report.cueCount).toBe(2);
  });

  it('uses the Russian line length for Russian', () => {
    const ru = cues({ lang: 'ru', turnLabel: undefined, lines: ['Мы встретились в Вене сегодня утром, и все'], endMs: 4_000, speech: { startMs: 1_000, endMs: 4_000 } }).slice(0, 1);
    expect(checkCues(ru, 'ru', 'vtt').violations.map((v) => v.rule)).toEqual(['chars-per-line']);
    expect(checkCues(ru.map((c) => ({ ...c, lang: 'en' as const })), 'en', 'vtt').violations).toEqual([]);
  });
});

/** Each rule at its limit (no violation) and one unit past it (one violation): an off-by-one in a rule fails here. */
const BOUNDARIES: [what: string, lang: 'en' | 'ru', atLimit: Cue[], pastLimit: Cue[], rule: CueRule][] = [
  [
    'a 42-character English line, then 43',
    'en',
    cues({}, { lines: ['We met the Russian minister in Vienna now.'], endMs: 8_000, speech: { startMs: 5_000, endMs: 8_000 } }),
    cues({}, { lines: ['We met the Russian minister in Vienna, too.'], endMs: 8_000, speech: { startMs: 5_000, endMs: 8_000 } }),
    'chars-per-line',
  ],
  [
    'a turn label and its line at 42 characters, then 43',
    'en',
    cues({ lines: ['We met the minister in Vienna.'.padEnd(32, '.')] }),
    cues({ lines: ['We met the minister in Vienna.'.padEnd(33, '.')] }),
    'chars-per-line',
  ],
  [
    'a 39-character Russian line, then 40',
    'ru',
    cues({ lang: 'ru', turnLabel: undefined, lines: ['Мы встретились в Вене сегодня утром, и'.padEnd(39, '.')], endMs: 4_000, speech: { startMs: 1_000, endMs: 4_000 } }),
    cues({ lang: 'ru', turnLabel: undefined, lines: ['Мы встретились в Вене сегодня утром, и в'], endMs: 4_000, speech: { startMs: 1_000, endMs: 4_000 } }),
    'chars-per-line',
  ],
  [
    '43 characters on two lines (too long for one), then 42 (fits on one)',
    'en',
    cues({}, { lines: ['We met the Russian minister', 'in Vienna, too.'], endMs: 8_000, speech: { startMs: 5_000, endMs: 8_000 } }),
    cues({}, { lines: ['We met the Russian minister', 'in Vienna now.'], endMs: 8_000, speech: { startMs: 5_000, endMs: 8_000 } }),
    'one-line',
  ],
  ['20 characters a second, then 20.5', 'en', cues({}, { lines: ['We agreed on the next steps in Vienna.'.padEnd(40, '.')] }), cues({}, { lines: ['We agreed on the next steps in Vienna.'.padEnd(41, '.')] }), 'reading-speed'],
  ['833 ms, then 832', 'en', cues({ lines: ['Yes.'], endMs: 1_833 }), cues({ lines: ['Yes.'], endMs: 1_832 }), 'duration-min'],
  [
    '7 s, then 7.001',
    'en',
    cues({}, { endMs: 12_000, speech: { startMs: 5_000, endMs: 12_000 } }),
    cues({}, { endMs: 12_001, speech: { startMs: 5_000, endMs: 12_001 } }),
    'duration-max',
  ],
  [
    '300 ms a word, then 299',
    'en',
    cues({ lines: ['We met, we ate, we left, we slept, we woke.'], endMs: 4_000, speech: { startMs: 1_000, endMs: 4_000 } }),
    cues({ lines: ['We met, we ate, we left, we slept, we woke.'], endMs: 3_990, speech: { startMs: 1_000, endMs: 3_990 } }),
    'duration-per-word',
  ],
  [
    'a sound label up for 1 s, then 0.999',
    'en',
    cues({}, { kind: 'sound', lines: ['[laughter]'], endMs: 6_000, speech: { startMs: 5_000, endMs: 6_000 } }),
    cues({}, { kind: 'sound', lines: ['[laughter]'], endMs: 5_999, speech: { startMs: 5_000, endMs: 5_999 } }),
    'sound-label',
  ],
  ['an 83 ms gap, then 82', 'en', cues({ endMs: 4_917, speech: { startMs: 1_000, endMs: 4_600 } }), cues({ endMs: 4_918, speech: { startMs: 1_000, endMs: 4_600 } }), 'gap'],
  ['an 83 ms gap (closed), then 84 (flickers)', 'en', cues({ endMs: 4_917, speech: { startMs: 1_000, endMs: 4_600 } }), cues({ endMs: 4_916, speech: { startMs: 1_000, endMs: 4_600 } }), 'chaining'],
  ['a 500 ms gap (a pause), then 499 (flickers)', 'en', cues({ endMs: 4_500, speech: { startMs: 1_000, endMs: 4_500 } }), cues({ endMs: 4_501, speech: { startMs: 1_000, endMs: 4_501 } }), 'chaining'],
  ['a 1 s pause in speech shown whole, then shown as 999 ms', 'en', cues({ endMs: 4_000, speech: { startMs: 1_000, endMs: 4_000 } }), cues({ endMs: 4_001, speech: { startMs: 1_000, endMs: 4_000 } }), 'pause'],
  ['a cue that starts with its speech, then 1 ms before', 'en', cues({}, { startMs: 5_000 }), cues({}, { startMs: 4_999 }), 'sync-start'],
  ['a cue 500 ms after its speech, then 501', 'en', cues({ endMs: 3_500, speech: { startMs: 1_000, endMs: 3_000 } }), cues({ endMs: 3_501, speech: { startMs: 1_000, endMs: 3_000 } }), 'sync-end'],
];

describe('check: each rule at its limit and just past it', () => {
  it.each(BOUNDARIES)('%s', (_what, lang, atLimit, pastLimit, rule) => {
    const of = (c: Cue[]) => checkCues(c, lang, 'srt').violations.filter((v) => v.rule === rule);
    expect(of(atLimit), JSON.stringify(of(atLimit))).toEqual([]);
    expect(of(pastLimit), JSON.stringify(checkCues(pastLimit, lang, 'srt').violations)).toHaveLength(1);
  });

  it('does not ask for a kept pause where the speech paused less than a second', () => {
    const report = checkCues(cues({ endMs: 4_100, speech: { startMs: 1_000, endMs: 4_001 } }), 'en', 'srt');
    expect(report.violations.filter((v) => v.rule === 'pause')).toEqual([]);
    expect(report.rules.find((r) => r.rule === 'pause')?.worst).toBeUndefined();
  });
});

describe('check: the summary table it prints', () => {
  // Three cues whose values differ, so a rule that keeps the wrong extreme shows it.
  const three: Cue[] = [
    ...cues({}, { endMs: 6_500, speech: { startMs: 5_000, endMs: 6_500 } }),
    { ...cues()[1], number: 3, kind: 'sound', lines: ['[laughter]'], startMs: 8_000, endMs: 10_000, speech: { startMs: 8_000, endMs: 9_700 }, segmentId: 's3' },
  ];

  it.each([
    ['en', '≤ 42', '≤ 20'],
    ['ru', '≤ 39', '≤ 17'],
  ] as const)('names each rule with its worst value over the cues, its unit and its limit (%s)', (lang, cpl, cps) => {
    const report = checkCues(three.map((c) => ({ ...c, lang })), lang, 'vtt');
    expect(report.rules.map((r) => [r.rule, r.worst, r.unit, r.limit])).toEqual([
      ['chars-per-line', 40, 'chars', cpl], // ">> KERRY: We met in Vienna this morning."
      ['lines', 1, 'lines', '≤ 2'],
      ['one-line', 0, 'cues', '0 two-line cues that fit on one line'],
      ['top-line', 0, 'cues', '0 top lines longer than need be'],
      ['line-break', 0, 'breaks', '0 forbidden breaks'],
      ['reading-speed', 18.7, 'cps', cps], // 28 characters in 1.5 s: over Russian's 17, not English's 20
      ['duration-min', 1.5, 's', '≥ 0.833'],
      ['duration-max', 2, 's', '≤ 7'],
      ['duration-per-word', 0.25, 's/word', '≥ 0.3'], // six words in 1.5 s
      ['sound-label', 2, 's', '≥ 1'],
      ['gap', 1_500, 'ms', '≥ 83'],
      ['chaining', undefined, 'ms', 'gaps under 500 ms are 83'],
      ['pause', 1_500, 'ms', '≥ 1000 where the speech pauses that long'],
      ['sync-start', 0, 'ms early', '≤ 0'],
      ['sync-end', 300, 'ms late', '≤ 500'],
      ['speaker-change', 0, 'unmarked', '0: each change of speaker starts a new, labelled cue'],
      ['empty', 0, 'cues', '0'],
    ]);
    expect(report.violations.map((v) => [v.cue, v.rule, v.lang, v.format, v.startMs])).toEqual(
      lang === 'en' ? [[2, 'duration-per-word', 'en', 'vtt', 5_000]] : [[1, 'chars-per-line', 'ru', 'vtt', 1_000], [2, 'reading-speed', 'ru', 'vtt', 5_000], [2, 'duration-per-word', 'ru', 'vtt', 5_000]],
    );
  });
});

describe('check: what each violation says, and what it leaves alone', () => {
  const violations = (c: Cue[]) => checkCues(c, 'en', 'srt').violations.map((v) => [v.cue, v.rule, v.message]);

  it('names the two words at a forbidden break, inside a cue and between two cues, and counts each once', () => {
    const inside = cues({}, { lines: ['We have talked with the', 'minister about the ceasefire today.'], endMs: 8_500, speech: { startMs: 5_000, endMs: 8_500 } });
    expect(violations(inside).filter(([, rule]) => rule === 'line-break')).toEqual([[2, 'line-break', expect.stringMatching(/^line 1 ends and line 2 starts at "the \/ minister": /u)]]);
    expect(checkCues(inside, 'en', 'srt').rules.find((r) => r.rule === 'line-break')?.worst).toBe(1);
    const between = cues({ lines: ['We talked with'], endMs: 2_900 }, { lines: ['Sergey Lavrov today.'], startMs: 2_983, speech: { startMs: 3_000, endMs: 7_000 }, segmentId: 's1' });
    expect(violations(between).filter(([, rule]) => rule === 'line-break')).toEqual([[2, 'line-break', expect.stringMatching(/^cue 1 ends and this cue starts at "with \/ Sergey": /u)]]);
    expect(checkCues(between, 'en', 'srt').rules.find((r) => r.rule === 'line-break')?.worst).toBe(1);
  });

  it('counts the characters of two lines that fit on one', () => {
    const found = violations(cues({}, { lines: ['We agreed on', 'the next steps.'] })).filter(([, rule]) => rule === 'one-line');
    expect(found).toEqual([[2, 'one-line', 'the text fits on one line (28 characters) but takes two']]);
  });

  it('calls a cue of only spaces empty', () => {
    const report = checkCues(cues({}, { lines: ['   '] }), 'en', 'srt');
    expect(report.violations.filter((v) => v.rule === 'empty').map((v) => v.cue)).toEqual([2]);
    expect(report.rules.find((r) => r.rule === 'empty')?.worst).toBe(1);
  });

  it('says a cue that starts as the previous one ends is too close, not overlapping', () => {
    expect(violations(cues({ endMs: 5_000, speech: { startMs: 1_000, endMs: 4_000 } })).filter(([, rule]) => rule === 'gap')).toEqual([[2, 'gap', '0 ms after the previous cue; at least 83 ms']]);
  });

  it('holds a sound label to its own rule only: no words-per-second, no line layout', () => {
    // Four words in a second (250 ms a word) on two lines that would fit on one: both fine for a sound.
    const sound = cues({}, { kind: 'sound', lines: ['[oh, ah,', 'uh, eh]'], endMs: 6_000, speech: { startMs: 5_000, endMs: 6_000 } });
    expect(violations(sound)).toEqual([]);
    expect(violations(sound.map((c) => ({ ...c, kind: 'speech' as const }))).map(([, rule]) => rule)).toEqual(['one-line', 'top-line', 'duration-per-word']);
  });
});
