import {
  CHAIN_GAP_BELOW_MS,
  KEEP_PAUSE_FROM_MS,
  languageStyle,
  MAX_CUE_MS,
  MAX_LINES_PER_CUE,
  MAX_TAIL_MS,
  MIN_CUE_MS,
  MIN_GAP_MS,
  MIN_MS_PER_WORD,
  MIN_SOUND_LABEL_MS,
  type Lang,
} from '../caption-style';
import { BREAK_RANK, breakBefore } from './break-rules';
import { cueText, type Cue } from './cue';
import { twoLineCandidates } from './line-layout';
import { displayLength, tokensOf, tokenWordCount } from './text-units';

/** The house-style rules `check` measures (CAPTION-STYLE.md), in the order it prints them. */
export const CUE_RULES = [
  'chars-per-line',
  'lines',
  'one-line',
  'top-line',
  'line-break',
  'reading-speed',
  'duration-min',
  'duration-max',
  'duration-per-word',
  'sound-label',
  'gap',
  'chaining',
  'pause',
  'sync-start',
  'sync-end',
  'speaker-change',
  'empty',
] as const;
export type CueRule = (typeof CUE_RULES)[number];

export interface Violation {
  readonly lang: Lang;
  readonly format: 'vtt' | 'srt';
  readonly cue: number;
  readonly startMs: number;
  readonly rule: CueRule;
  readonly message: string;
}

export interface RuleSummary {
  readonly rule: CueRule;
  /** The worst value over all cues, or undefined when no cue is concerned (no sound labels…). */
  readonly worst: number | undefined;
  /** How to read `worst`: `max 42 chars` etc. */
  readonly limit: string;
  readonly unit: string;
}

export interface LanguageCheck {
  readonly lang: Lang;
  /** The cue format measured: its turn marking decides what a line holds. */
  readonly format: 'vtt' | 'srt';
  readonly cueCount: number;
  readonly rules: readonly RuleSummary[];
  readonly violations: readonly Violation[];
}

type Direction = 'max' | 'min';
interface Measure {
  readonly direction: Direction;
  readonly unit: string;
  readonly limit: string;
}

/** Of two values of a rule, the one further on the wrong side of its limit. */
const WORSE: Record<Direction, (a: number, b: number) => number> = { max: Math.max, min: Math.min };

const MEASURES: Record<CueRule, Measure> = {
  'chars-per-line': { direction: 'max', unit: 'chars', limit: '≤ {cpl}' },
  lines: { direction: 'max', unit: 'lines', limit: `≤ ${MAX_LINES_PER_CUE}` },
  'one-line': { direction: 'max', unit: 'cues', limit: '0 two-line cues that fit on one line' },
  'top-line': { direction: 'max', unit: 'cues', limit: '0 top lines longer than need be' },
  'line-break': { direction: 'max', unit: 'breaks', limit: '0 forbidden breaks' },
  'reading-speed': { direction: 'max', unit: 'cps', limit: '≤ {cps}' },
  'duration-min': { direction: 'min', unit: 's', limit: `≥ ${MIN_CUE_MS / 1000}` },
  'duration-max': { direction: 'max', unit: 's', limit: `≤ ${MAX_CUE_MS / 1000}` },
  'duration-per-word': { direction: 'min', unit: 's/word', limit: `≥ ${MIN_MS_PER_WORD / 1000}` },
  'sound-label': { direction: 'min', unit: 's', limit: `≥ ${MIN_SOUND_LABEL_MS / 1000}` },
  gap: { direction: 'min', unit: 'ms', limit: `≥ ${MIN_GAP_MS}` },
  chaining: { direction: 'max', unit: 'ms', limit: `gaps under ${CHAIN_GAP_BELOW_MS} ms are ${MIN_GAP_MS}` },
  pause: { direction: 'min', unit: 'ms', limit: `≥ ${KEEP_PAUSE_FROM_MS} where the speech pauses that long` },
  'sync-start': { direction: 'max', unit: 'ms early', limit: '≤ 0' },
  'sync-end': { direction: 'max', unit: 'ms late', limit: `≤ ${MAX_TAIL_MS}` },
  'speaker-change': { direction: 'max', unit: 'unmarked', limit: '0: each change of speaker starts a new, labelled cue' },
  empty: { direction: 'max', unit: 'cues', limit: '0' },
};

/**
 * Measures one language's cues against every house-style rule: the worst value of each rule and
 * each violation with its cue number. Cues without `speech` (read back from a file) skip the sync
 * and pause rules, which need to know when the words were spoken.
 */
export function checkCues(cues: readonly Cue[], lang: Lang, format: 'vtt' | 'srt'): LanguageCheck {
  const worst = new Map<CueRule, number>();
  const violations: Violation[] = [];
  const note = (rule: CueRule, value: number) => {
    const current = worst.get(rule);
    worst.set(rule, current === undefined ? value : WORSE[MEASURES[rule].direction](current, value));
  };
  const fail = (cue: Cue, rule: CueRule, message: string) =>
    violations.push({ lang, format, cue: cue.number, startMs: cue.startMs, rule, message });
  const { maxCharsPerLine: cpl, maxReadingCps } = languageStyle(lang);
  const length = (s: string) => displayLength(s, lang);

  cues.forEach((cue, i) => {
    const text = cueText({ lines: cue.lines, lang });
    const words = tokensOf(text, lang);
    const durationMs = cue.endMs - cue.startMs;
    const shown = cue.lines.map((line, k) => (k === 0 && cue.turnLabel ? `${cue.turnLabel} ${line}` : line));
    const longest = Math.max(0, ...shown.map(length));
    note('chars-per-line', longest);
    if (longest > cpl) fail(cue, 'chars-per-line', `a line has ${longest} characters; the limit is ${cpl}`);
    note('lines', cue.lines.length);
    if (cue.lines.length > MAX_LINES_PER_CUE) fail(cue, 'lines', `${cue.lines.length} lines; the limit is ${MAX_LINES_PER_CUE}`);

    const reserve = cue.turnLabel ? length(`${cue.turnLabel} `) : 0;
    let oneLine = 0;
    let topLine = 0;
    let badBreaks = 0;
    if (cue.lines.length === 2 && cue.kind === 'speech') {
      if (reserve + length(text) <= cpl) {
        oneLine = 1;
        fail(cue, 'one-line', `the text fits on one line (${reserve + length(text)} characters) but takes two`);
      }
      const top = tokensOf(cue.lines[0], lang);
      const at = top.length;
      const byLine = [...top, ...tokensOf(cue.lines[1], lang)];
      const verdict = breakBefore(byLine, at, lang);
      if (verdict.kind === 'forbidden') {
        badBreaks++;
        fail(cue, 'line-break', `line 1 ends and line 2 starts at "${byLine[at - 1]} / ${byLine[at]}": ${verdict.reason}`);
      } else if (!endsAWord(words, top.join('').length)) {
        // Lines of a language written without spaces can cut a word that the lines' own words hide.
        badBreaks++;
        fail(cue, 'line-break', `line 1 ends and line 2 starts inside a word ("${cue.lines[0].slice(-2)} / ${cue.lines[1].slice(0, 2)}")`);
      }
      const topShown = reserve + length(cue.lines[0]);
      const bottom = length(cue.lines[1]);
      const better = twoLineCandidates(words, lang, { reserve }).find((c) => length(c.lines[0]) + reserve <= length(c.lines[1]));
      if (topShown > bottom && better?.breakKind && verdict.kind !== 'forbidden' && BREAK_RANK[better.breakKind] <= BREAK_RANK[verdict.kind]) {
        topLine = 1;
        fail(cue, 'top-line', `the top line is longer than the bottom one, but "${better.lines[0]} / ${better.lines[1]}" breaks as well`);
      }
    }
    const previous = cues[i - 1];
    if (previous && previous.segmentId === cue.segmentId && cue.kind === 'speech') {
      const joined = [...tokensOf(cueText({ lines: previous.lines, lang }), lang), ...words];
      const verdict = breakBefore(joined, joined.length - words.length, lang);
      if (verdict.kind === 'forbidden') {
        badBreaks++;
        fail(cue, 'line-break', `cue ${previous.number} ends and this cue starts at "${joined[joined.length - words.length - 1]} / ${words[0]}": ${verdict.reason}`);
      }
    }
    note('one-line', oneLine);
    note('top-line', topLine);
    note('line-break', badBreaks);

    if (text.trim() === '') fail(cue, 'empty', 'the cue has no text');
    note('empty', text.trim() === '' ? 1 : 0);
    const cps = durationMs > 0 ? (length(text) * 1000) / durationMs : Infinity;
    note('reading-speed', round1(cps));
    if (cps > maxReadingCps) fail(cue, 'reading-speed', `${round1(cps)} characters a second; the limit is ${maxReadingCps}`);
    note('duration-min', durationMs / 1000);
    if (durationMs < MIN_CUE_MS) fail(cue, 'duration-min', `up for ${durationMs} ms; the minimum is ${MIN_CUE_MS} ms`);
    note('duration-max', durationMs / 1000);
    if (durationMs > MAX_CUE_MS) fail(cue, 'duration-max', `up for ${durationMs} ms; the maximum is ${MAX_CUE_MS} ms`);
    const counted = tokenWordCount(text, lang);
    if (cue.kind === 'speech' && counted > 0) {
      const perWord = durationMs / counted;
      note('duration-per-word', round3(perWord / 1000));
      if (perWord < MIN_MS_PER_WORD) fail(cue, 'duration-per-word', `${Math.round(perWord)} ms a word; the minimum is ${MIN_MS_PER_WORD} ms`);
    }
    if (cue.kind === 'sound') {
      note('sound-label', durationMs / 1000);
      if (durationMs < MIN_SOUND_LABEL_MS) fail(cue, 'sound-label', `a sound label up for ${durationMs} ms; the minimum is ${MIN_SOUND_LABEL_MS} ms`);
    }
    if (cue.speech) {
      const early = cue.speech.startMs - cue.startMs;
      note('sync-start', early);
      if (early > 0) fail(cue, 'sync-start', `starts ${early} ms before its speech`);
      const late = cue.endMs - cue.speech.endMs;
      note('sync-end', late);
      if (late > MAX_TAIL_MS) fail(cue, 'sync-end', `ends ${late} ms after its speech; at most ${MAX_TAIL_MS} ms`);
    }

    if (previous) {
      const gap = cue.startMs - previous.endMs;
      note('gap', gap);
      if (gap < MIN_GAP_MS) fail(cue, 'gap', gap < 0 ? `overlaps the previous cue by ${-gap} ms` : `${gap} ms after the previous cue; at least ${MIN_GAP_MS} ms`);
      if (gap < CHAIN_GAP_BELOW_MS) {
        note('chaining', gap);
        if (gap > MIN_GAP_MS) fail(cue, 'chaining', `a ${gap} ms gap flickers: gaps under ${CHAIN_GAP_BELOW_MS} ms close to ${MIN_GAP_MS} ms`);
      }
      if (cue.speech && previous.speech && cue.speech.startMs - previous.speech.endMs >= KEEP_PAUSE_FROM_MS) {
        note('pause', gap);
        if (gap < KEEP_PAUSE_FROM_MS) fail(cue, 'pause', `a ${cue.speech.startMs - previous.speech.endMs} ms pause in speech shows as only ${gap} ms`);
      }
      const changed = previous.speakerId !== cue.speakerId;
      const unmarked = changed && cue.turnLabel === undefined;
      note('speaker-change', unmarked ? 1 : 0);
      if (unmarked) fail(cue, 'speaker-change', `the speaker changes (${previous.speakerId} → ${cue.speakerId}) without a new turn label`);
    }
  });

  const rules = CUE_RULES.map((rule) => {
    const { unit, limit } = MEASURES[rule];
    return { rule, worst: worst.get(rule), unit, limit: limit.replace('{cpl}', String(cpl)).replace('{cps}', String(maxReadingCps)) };
  });
  return { lang, format, cueCount: cues.length, rules, violations };
}

/**
 * Whether `chars` characters into the text fall between two of its `words` (the text's own
 * words, found in the whole text): a line break that does not is inside a word.
 */
function endsAWord(words: readonly string[], chars: number): boolean {
  let at = 0;
  for (const word of words) {
    if (at >= chars) return at === chars;
    at += word.length;
  }
  return at === chars;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
