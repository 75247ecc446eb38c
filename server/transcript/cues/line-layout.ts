import { languageStyle, type Lang } from '../caption-style';
import { BREAK_RANK, breakBefore, type BreakKind, type BreakVerdict } from './break-rules';
import { displayLength, joinerOf } from './text-units';

/** One way to set a cue's words on its lines. */
export interface LineLayout {
  readonly lines: readonly string[];
  /** The kind of the line break (undefined for one line). */
  readonly breakKind?: Exclude<BreakKind, 'forbidden'>;
  /** Lower is better: the break's kind first, then a top line no longer than the bottom, then balance. */
  readonly cost: number;
}

export interface LayoutOptions {
  /** Characters the first line already holds (a `>> KERRY: ` turn label in text-only formats). */
  readonly reserve?: number;
  /** The verdict on a break before each word, when the caller has judged them in a wider context. */
  readonly verdicts?: readonly BreakVerdict[];
}

/** A two-line setting's cost: the break's kind first, then a top line no longer than the bottom, then balance. */
export function lineBreakCost(kind: Exclude<BreakKind, 'forbidden'>, topShown: number, bottomLength: number): number {
  return BREAK_RANK[kind] * 100 + (topShown > bottomLength ? 50 : 0) + Math.abs(topShown - bottomLength);
}

interface LineBreak {
  /** The bottom line starts with this word. */
  readonly at: number;
  readonly kind: Exclude<BreakKind, 'forbidden'>;
  readonly cost: number;
}

/**
 * Every allowed break whose lines fit, in order, with its cost, measured from the words' lengths
 * alone: the segmenter asks this for every run of words that could be a cue, so it builds no
 * strings.
 */
function lineBreaks(words: readonly string[], lang: Lang, options: LayoutOptions): LineBreak[] {
  const max = languageStyle(lang).maxCharsPerLine;
  const reserve = options.reserve ?? 0;
  const sep = displayLength(joinerOf(lang), lang);
  const found: LineBreak[] = [];
  const lengths = words.map((w) => displayLength(w, lang));
  const total = lengths.reduce((n, l) => n + l, 0) + (words.length - 1) * sep;
  let topLength = -sep;
  for (let at = 1; at < words.length; at++) {
    topLength += lengths[at - 1] + sep;
    const topShown = reserve + topLength;
    const bottomLength = total - topLength - sep;
    if (topShown > max) break;
    if (bottomLength > max) continue;
    const verdict = options.verdicts?.[at] ?? breakBefore(words, at, lang);
    if (verdict.kind === 'forbidden') continue;
    found.push({ at, kind: verdict.kind, cost: lineBreakCost(verdict.kind, topShown, bottomLength) });
  }
  return found;
}

function layoutAt(words: readonly string[], { at, kind, cost }: LineBreak, lang: Lang): LineLayout {
  const joiner = joinerOf(lang);
  return { lines: [words.slice(0, at).join(joiner), words.slice(at).join(joiner)], breakKind: kind, cost };
}

/** Every allowed two-line setting of `words` whose lines fit, best first. */
export function twoLineCandidates(words: readonly string[], lang: Lang, options: LayoutOptions = {}): LineLayout[] {
  return lineBreaks(words, lang, options)
    .sort((x, y) => x.cost - y.cost)
    .map((b) => layoutAt(words, b, lang));
}

/**
 * Sets a cue's words on one line when they fit, else on two lines at the best allowed break
 * (CAPTION-STYLE.md: break after punctuation or before a conjunction or preposition; prefer a
 * shorter top line). Undefined when no allowed break makes both lines fit.
 */
export function layoutLines(words: readonly string[], lang: Lang, options: LayoutOptions = {}): LineLayout | undefined {
  const sep = displayLength(joinerOf(lang), lang);
  const length = words.reduce((n, w) => n + displayLength(w, lang), 0) + Math.max(0, words.length - 1) * sep;
  if ((options.reserve ?? 0) + length <= languageStyle(lang).maxCharsPerLine) return { lines: [words.join(joinerOf(lang))], cost: 0 };
  // The first of the cheapest, as the stable sort in twoLineCandidates ranks them.
  let best: LineBreak | undefined;
  for (const b of lineBreaks(words, lang, options)) if (!best || b.cost < best.cost) best = b;
  return best && layoutAt(words, best, lang);
}
