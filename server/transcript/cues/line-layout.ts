import { MAX_CHARS_PER_LINE, type Lang } from '../caption-style';
import { BREAK_RANK, breakBefore, type BreakKind, type BreakVerdict } from './break-rules';

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

/** Every allowed two-line setting of `words` whose lines fit, best first. */
export function twoLineCandidates(words: readonly string[], lang: Lang, options: LayoutOptions = {}): LineLayout[] {
  const max = MAX_CHARS_PER_LINE[lang];
  const reserve = options.reserve ?? 0;
  const found: LineLayout[] = [];
  const total = words.reduce((n, w) => n + w.length, 0) + words.length - 1;
  let topLength = -1;
  for (let at = 1; at < words.length; at++) {
    topLength += words[at - 1].length + 1;
    const topShown = reserve + topLength;
    const bottomLength = total - topLength - 1;
    if (topShown > max) break;
    if (bottomLength > max) continue;
    const verdict = options.verdicts?.[at] ?? breakBefore(words, at, lang);
    if (verdict.kind === 'forbidden') continue;
    const top = words.slice(0, at).join(' ');
    const bottom = words.slice(at).join(' ');
    const cost = BREAK_RANK[verdict.kind] * 100 + (topShown > bottom.length ? 50 : 0) + Math.abs(topShown - bottom.length);
    found.push({ lines: [top, bottom], breakKind: verdict.kind, cost });
  }
  return found.sort((x, y) => x.cost - y.cost);
}

/**
 * Sets a cue's words on one line when they fit, else on two lines at the best allowed break
 * (CAPTION-STYLE.md: break after punctuation or before a conjunction or preposition; prefer a
 * shorter top line). Undefined when no allowed break makes both lines fit.
 */
export function layoutLines(words: readonly string[], lang: Lang, options: LayoutOptions = {}): LineLayout | undefined {
  const text = words.join(' ');
  if ((options.reserve ?? 0) + text.length <= MAX_CHARS_PER_LINE[lang]) return { lines: [text], cost: 0 };
  return twoLineCandidates(words, lang, options)[0];
}
