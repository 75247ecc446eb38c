import { textDirection } from '../../language-tags';
import type { Lang } from '../caption-style';

/** U+200F RIGHT-TO-LEFT MARK: a strong right-to-left character that shows nothing. */
export const RLM = '\u200f';

/** Letters of the scripts written right to left (UAX #9 bidi classes R and AL). */
const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Mandaic}\p{Script=Samaritan}]/u;
const LETTER = /\p{L}/u;

/**
 * A caption line of a right-to-left language, as a player must lay it out. Players (Chromium's
 * `<track>` renderer, SRT players) give each line the direction of its first strong character
 * (UAX #9, P2–P3; WebVTT renders cue text with `unicode-bidi: plaintext`), so an Arabic line that
 * starts with `>> KERRY:`, a Latin name, a number or an English sound label would run left to right
 * and put its words out of order. Such a line starts with an RLM; a line that already starts with
 * a right-to-left letter is left as it is. Lines of left-to-right languages are never touched.
 */
export function directedLine(line: string, lang: Lang): string {
  if (textDirection(lang) !== 'rtl') return line;
  for (const char of line) {
    if (RTL_LETTER.test(char)) return line;
    if (LETTER.test(char)) break;
  }
  return `${RLM}${line}`;
}
