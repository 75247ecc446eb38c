import {
  languageStyle,
  MAX_CUE_MS,
  MAX_LINES_PER_CUE,
  MIN_CUE_MS,
  MIN_GAP_MS,
  MIN_MS_PER_WORD,
  type Lang,
} from '../caption-style';
import { BREAK_RANK, breakBefore, type BreakKind, type BreakVerdict } from './break-rules';
import { lineBreakCost, type LineLayout } from './line-layout';
import { speechCps, MIN_SPEECH_MS_PER_WORD } from '../speech-rate';
import { displayLength, joinerOf, tokensOf } from './text-units';

/** A piece of a sentence that becomes one cue. */
export interface SentenceChunk {
  readonly words: readonly string[];
  readonly layout: LineLayout;
  /** Where the chunk's share of the sentence's time starts and ends, as fractions of it. */
  readonly from: number;
  readonly to: number;
}

export interface SplitOptions {
  /** How long the sentence is spoken (or interpreted), in ms: each chunk gets a share by characters. */
  readonly spanMs: number;
  /** Characters the first cue's first line already holds (the turn label). */
  readonly reserve?: number;
}

// Costs of a split, in arbitrary units. A rule the split cannot meet costs far more than any
// matter of taste, so the best split meets every rule it can.
const RULE_COST = 10_000;
const PER_CUE_COST = 30;
const BOUNDARY_COST: Record<keyof typeof BREAK_RANK, number> = { clause: 0, phrase: 120, plain: 300 };

/**
 * Splits a sentence into cues at clause and phrase boundaries (CAPTION-STYLE.md; BBC: one
 * sentence per cue where it fits, else split at clause, then phrase boundaries). Every cue fits
 * two lines, every boundary is an allowed break, and each cue's share of the sentence's time keeps
 * the minimum durations and the reading speed where the time allows. Dynamic programming over the
 * word boundaries: the split with the lowest total cost wins.
 */
export function splitSentence(text: string, lang: Lang, options: SplitOptions): SentenceChunk[] {
  const words = tokensOf(text, lang);
  const n = words.length;
  const joiner = joinerOf(lang);
  // A space counts as the guide counts it: half a character in Korean.
  const sep = displayLength(joiner, lang);
  const sentence: Sentence = {
    words,
    lang,
    sep,
    spanMs: options.spanMs,
    timeAt: timeOffsets(words, lang),
    // Each break is judged once, in the context of the whole sentence.
    verdicts: words.map((_, k) => (k === 0 ? { kind: 'forbidden' as const } : breakBefore(words, k, lang))),
    charsBefore: prefixSums(words.map((w) => displayLength(w, lang) + sep)),
    wordsBefore: prefixSums(words.map((w) => (/[\p{L}\p{N}]/u.test(w) ? 1 : 0))),
  };
  const longest = MAX_LINES_PER_CUE * languageStyle(lang).maxCharsPerLine + 1;
  const best: Best[] = [{ cost: 0, from: -1, breakAt: 0, layoutCost: 0 }];
  for (let j = 1; j <= n; j++) best.push({ cost: Infinity, from: -1, breakAt: 0, layoutCost: 0 });

  // Every run of words short enough to be one cue ends at j: at most `longest` characters, so the
  // work per word is bounded however long the sentence. Layouts are costed from the prefix sums
  // alone; lines are built only for the runs that win.
  for (let j = 1; j <= n; j++) {
    for (let i = j - 1; i >= 0; i--) {
      if (sentence.charsBefore[j] - sentence.charsBefore[i] - sep > longest) break;
      if (!Number.isFinite(best[i].cost)) continue;
      const layout = bestLayout(sentence, i, j, i === 0 ? (options.reserve ?? 0) : 0, lang);
      if (!layout) continue;
      const cost = best[i].cost + chunkCost(sentence, i, j, layout.cost);
      if (cost < best[j].cost) best[j] = { cost, from: i, breakAt: layout.breakAt, layoutCost: layout.cost };
    }
  }
  if (!Number.isFinite(best[n].cost)) return fallback(words, lang, options);

  const chunks: SentenceChunk[] = [];
  const total = sentence.timeAt[n];
  for (let j = n; j > 0; j = best[j].from) {
    const { from: i, breakAt, layoutCost } = best[j];
    const layout: LineLayout =
      breakAt === 0
        ? { lines: [words.slice(i, j).join(joiner)], cost: layoutCost }
        : {
            lines: [words.slice(i, breakAt).join(joiner), words.slice(breakAt, j).join(joiner)],
            breakKind: sentence.verdicts[breakAt].kind as Exclude<BreakKind, 'forbidden'>,
            cost: layoutCost,
          };
    chunks.push({ words: words.slice(i, j), layout, from: sentence.timeAt[i] / total, to: sentence.timeAt[j] / total });
  }
  return chunks.reverse();
}

/** The cheapest split ending at a word: its cost, where its run starts, and how it sets its lines. */
interface Best {
  readonly cost: number;
  readonly from: number;
  /** The word the second line starts with; 0 for one line. */
  readonly breakAt: number;
  readonly layoutCost: number;
}

/**
 * `layoutLines` for `words[i..j)` from the sentence's prefix sums and verdicts, without building
 * a string: one line when it fits, else the cheapest allowed break (the first of equals).
 */
function bestLayout(sentence: Sentence, i: number, j: number, reserve: number, lang: Lang): { breakAt: number; cost: number } | undefined {
  const max = languageStyle(lang).maxCharsPerLine;
  const before = sentence.charsBefore;
  const sep = sentence.sep;
  if (reserve + before[j] - before[i] - sep <= max) return { breakAt: 0, cost: 0 };
  let found: { breakAt: number; cost: number } | undefined;
  for (let at = i + 1; at < j; at++) {
    const topShown = reserve + before[at] - before[i] - sep;
    const bottomLength = before[j] - before[at] - sep;
    if (topShown > max) break;
    if (bottomLength > max) continue;
    const verdict = sentence.verdicts[at];
    if (verdict.kind === 'forbidden') continue;
    const cost = lineBreakCost(verdict.kind, topShown, bottomLength);
    if (!found || cost < found.cost) found = { breakAt: at, cost };
  }
  return found;
}

interface Sentence {
  readonly words: readonly string[];
  readonly lang: Lang;
  /** Characters between two words: 1 (a space), or 0 in a language written without spaces. */
  readonly sep: number;
  readonly spanMs: number;
  /** Where each word's share of time starts, in characters (`timeOffsets`). */
  readonly timeAt: readonly number[];
  readonly verdicts: readonly BreakVerdict[];
  /** Characters (with one space each) and words before each word. */
  readonly charsBefore: readonly number[];
  readonly wordsBefore: readonly number[];
}

function prefixSums(values: readonly number[]): number[] {
  const sums = [0];
  for (const v of values) sums.push(sums.at(-1)! + v);
  return sums;
}

function chunkCost(sentence: Sentence, i: number, j: number, layoutCost: number): number {
  const n = sentence.words.length;
  let cost = PER_CUE_COST + layoutCost / 2;
  if (j < n) {
    const verdict = sentence.verdicts[j];
    cost += verdict.kind === 'forbidden' ? RULE_COST : BOUNDARY_COST[verdict.kind];
  }
  const whole = i === 0 && j === n;
  const chars = sentence.charsBefore[j] - sentence.charsBefore[i] - sentence.sep;
  const maxCps = languageStyle(sentence.lang).maxReadingCps;
  const shownMs = (sentence.spanMs * (sentence.timeAt[j] - sentence.timeAt[i])) / sentence.timeAt[n] - (whole ? 0 : MIN_GAP_MS);
  if (!whole) {
    const needMs = Math.max(MIN_CUE_MS, (sentence.wordsBefore[j] - sentence.wordsBefore[i]) * MIN_MS_PER_WORD);
    if (shownMs < needMs) cost += RULE_COST * (1 + (needMs - shownMs) / 1000);
    const cps = (chars * 1000) / Math.max(1, shownMs);
    if (cps > maxCps) cost += RULE_COST * (cps - maxCps);
  }
  if (shownMs > MAX_CUE_MS) cost += RULE_COST;
  return cost;
}

/**
 * Where each word's time starts, in characters: the sentence's time is shared by characters
 * (spaces included), each word counting at least as long as the speech-rate model lets a word
 * last (MIN_SPEECH_MS_PER_WORD), so that a run of short words keeps its 0.3 s a word.
 */
function timeOffsets(words: readonly string[], lang: Lang): number[] {
  const floor = (speechCps(lang) * MIN_SPEECH_MS_PER_WORD) / 1000;
  const sep = displayLength(joinerOf(lang), lang);
  const offsets = [0];
  for (const word of words) offsets.push(offsets.at(-1)! + Math.max(displayLength(word, lang) + sep, /[\p{L}\d]/u.test(word) ? floor : 0));
  return offsets;
}

/**
 * No allowed split fits (a run of words longer than two lines with no allowed break): fill lines
 * greedily so that nothing is lost; `check` reports the broken rule with its cue.
 */
function fallback(words: readonly string[], lang: Lang, options: SplitOptions): SentenceChunk[] {
  const max = languageStyle(lang).maxCharsPerLine;
  const joiner = joinerOf(lang);
  const offsets = timeOffsets(words, lang);
  const chunks: SentenceChunk[] = [];
  let at = 0;
  let lines: string[] = [];
  let line = '';
  let chunkWords: string[] = [];
  let reserve = options.reserve ?? 0;
  const flush = () => {
    if (line) lines.push(line);
    const from = offsets[at] / offsets[words.length];
    at += chunkWords.length;
    if (lines.length > 0) chunks.push({ words: chunkWords, layout: { lines, cost: RULE_COST }, from, to: offsets[at] / offsets[words.length] });
    lines = [];
    line = '';
    chunkWords = [];
    reserve = 0;
  };
  for (const word of words) {
    if (line && reserve + displayLength(line + joiner + word, lang) > max) {
      lines.push(line);
      line = '';
      reserve = 0;
      if (lines.length === 2) flush();
    }
    line = line ? `${line}${joiner}${word}` : word;
    chunkWords.push(word);
  }
  flush();
  return chunks;
}
