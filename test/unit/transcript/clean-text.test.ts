import { describe, expect, it } from 'vitest';
import { cleanLine, cleanSourceText } from '../../../server/transcript/import/clean-text';

const hex = (text: string) => [...text].map((c) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')).join(' ');

describe('invisible characters removed at import', () => {
  it.each([
    ['right-to-left override (the spoofed name)', 'MR \u202EHTIMS\u202C: hi', 'MR HTIMS: hi'],
    ['left-to-right and right-to-left embeddings and override', '\u202Aa\u202Bb\u202Dc\u202C', 'abc'],
    ['isolates, closed or not', '\u2066x\u2069 \u2067y \u2068z\u2069', 'x y z'],
    ['deprecated format characters', 'a\u206Ab\u206Fc', 'abc'],
    ['C0 controls, DEL and C1 controls', 'a\u0000b\u0007c\u001Bd\u007Fe\u0080f\u009Fg', 'abcdefg'],
    ['a byte order mark inside text', 'word\uFEFFjoined', 'wordjoined'],
    ['interlinear annotation controls', '\uFFF9漢\uFFFAかん\uFFFB', '漢かん'],
    ['tag characters that spell hidden text', 'hello\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}\u{E007F}', 'hello'],
    ['a lone surrogate', 'a\uD800b\uDFFFc', 'abc'],
  ])('removes %s', (_name, input, expected) => {
    expect(hex(cleanLine(input))).toBe(hex(expected));
    expect(hex(cleanSourceText(input))).toBe(hex(expected));
  });

  it.each([
    ['Persian with ZWNJ', 'می\u200Cخواهم'],
    ['Hindi with ZWJ and ZWNJ', 'क्\u200Dष क्\u200Cष'],
    ['Hebrew with RLM placing a full stop', 'שלום\u200F.'],
    ['Arabic with ALM', '\u061C١٢٣ دولار'],
    ['a Latin name inside Hebrew, with LRM', 'אמר \u200EJohn Kerry\u200E היום'],
    ['an emoji ZWJ sequence (family)', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'],
    ['the flag of Scotland (an emoji tag sequence)', '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
    ['Thai word boundaries (ZWSP)', 'ภาษา\u200Bไทย'],
    ['a word joiner, a soft hyphen, a variation selector', 'a\u2060b co\u00ADop \u2764\uFE0F'],
    ['Russian with a no-break space', 'Сергей\u00A0Лавров'],
  ])('keeps %s', (_name, text) => {
    expect(hex(cleanLine(text))).toBe(hex(text));
    expect(hex(cleanSourceText(text))).toBe(hex(text));
  });

  it('makes line and paragraph separators line breaks in a source file, and keeps its CRLF lines', () => {
    expect(cleanSourceText('one\u2028two\u2029three\u0085four\u000Bfive\r\nsix\tseven')).toBe('one\ntwo\nthree\nfour\nfive\r\nsix\tseven');
  });

  it('makes every line break a space inside one line of text', () => {
    expect(cleanLine('one\u2028two\ntwo\r\nthree\tfour\u0085five')).toBe('one two two  three four five');
  });
});
