import { describe, expect, it } from 'vitest';
import { languageStyle, STYLED_LANGUAGES, type Lang } from '../../../server/transcript/caption-style';
import { breakBefore } from '../../../server/transcript/cues/break-rules';
import { checkCues, type CueRule } from '../../../server/transcript/cues/check-cues';
import type { Cue } from '../../../server/transcript/cues/cue';
import { layoutLines } from '../../../server/transcript/cues/line-layout';
import { splitSentence } from '../../../server/transcript/cues/split-sentence';
import { displayLength, joinTokens, tokensOf } from '../../../server/transcript/cues/text-units';

/**
 * The per-language house style (docs/captions.md, "Per language"): for each language with a row
 * of its own and for the default, a line at its character limit and a cue at its reading speed
 * pass `check`, and one character more is flagged. The numbers are the guides' (Netflix Timed Text
 * Style Guide of each language); the table below states them, so a changed number fails here.
 */

const GUIDE: Record<string, { cpl: number; cps: number }> = {
  en: { cpl: 42, cps: 20 },
  ru: { cpl: 39, cps: 17 },
  fr: { cpl: 42, cps: 17 },
  de: { cpl: 42, cps: 17 },
  es: { cpl: 42, cps: 17 },
  it: { cpl: 42, cps: 17 },
  pt: { cpl: 42, cps: 17 },
  ar: { cpl: 42, cps: 20 },
  hi: { cpl: 42, cps: 22 },
  zh: { cpl: 16, cps: 9 },
  ja: { cpl: 13, cps: 4 },
  ko: { cpl: 16, cps: 12 },
  th: { cpl: 35, cps: 17 },
};

/** A word of each script: the test texts are made of it, so they count as the language's guide counts. */
const WORD: Record<string, string> = {
  en: 'talks',
  ru: 'мир',
  fr: 'paix',
  // Lower case: a German noun's capital would read as a name that no line break may separate.
  de: 'wir',
  es: 'paz',
  it: 'pace',
  pt: 'paz',
  ar: 'سلام',
  hi: 'शांति',
  zh: '和平',
  // A kanji word and its particle: two kanji words in a row would be one compound, never split.
  ja: '平和を',
  ko: '평화',
  th: 'สันติภาพ',
  sw: 'amani',
};

/** Exactly `n` characters (as `displayLength` counts them) of words of the language, never ending in a space. */
function text(n: number, lang: Lang): string {
  const word = WORD[lang.split('-')[0]];
  const joiner = languageStyle(lang).unspaced ? '' : ' ';
  let out = '';
  while (displayLength(out, lang) < n) out += (out ? joiner : '') + word;
  // Trim back to `n` grapheme by grapheme; a trailing space becomes a letter.
  const graphemes = [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(out)].map((g) => g.segment);
  while (displayLength(graphemes.join(''), lang) > n) graphemes.pop();
  if (graphemes.at(-1) === ' ') graphemes[graphemes.length - 1] = word[0];
  return graphemes.join('');
}

const START = 10_000;
function cue(lang: Lang, lines: string[], durationMs = 7_000): Cue {
  return {
    number: 1,
    lang,
    kind: 'speech',
    speakerId: 's',
    voice: 'S',
    segmentId: 's1',
    interpreted: false,
    lines,
    startMs: START,
    endMs: START + durationMs,
    speech: { startMs: START, endMs: START + durationMs },
  };
}

const flagged = (cues: Cue[], lang: Lang, rule: CueRule) => checkCues(cues, lang, 'vtt').violations.filter((v) => v.rule === rule);

describe('every language with a row of its own has its guide numbers', () => {
  it('has a row for each language the guides table names, and no other', () => {
    expect([...STYLED_LANGUAGES].sort()).toEqual(Object.keys(GUIDE).sort());
  });

  it.each(Object.entries(GUIDE))('%s: %o', (lang, { cpl, cps }) => {
    const style = languageStyle(lang);
    expect([style.maxCharsPerLine, style.maxReadingCps]).toEqual([cpl, cps]);
    // The aim sits under the limit, so timing that meets the aim meets the limit.
    expect(style.aimReadingCps).toBeLessThan(cps);
    expect(style.aimCharsPerLine).toBeLessThanOrEqual(cpl);
  });
});

const LANGS: Lang[] = [...Object.keys(GUIDE), 'sw'];

describe('check flags a line one character past its language\'s limit, not at it', () => {
  it.each(LANGS)('%s', (lang) => {
    const max = languageStyle(lang).maxCharsPerLine;
    expect(flagged([cue(lang, [text(max, lang)])], lang, 'chars-per-line')).toEqual([]);
    expect(flagged([cue(lang, [text(max + 1, lang)])], lang, 'chars-per-line')).toHaveLength(1);
  });
});

describe('check flags a cue read one character a second past its language\'s limit, not at it', () => {
  it.each(LANGS)('%s', (lang) => {
    const cps = languageStyle(lang).maxReadingCps;
    // A cue up for 2 s holds twice the limit at the limit; one character more is half a character a second over.
    const at = text(2 * cps, lang);
    const past = text(2 * cps + 1, lang);
    const lines = (t: string) => (displayLength(t, lang) > languageStyle(lang).maxCharsPerLine ? split(t, lang) : [t]);
    expect(flagged([cue(lang, lines(at), 2_000)], lang, 'reading-speed')).toEqual([]);
    expect(flagged([cue(lang, lines(past), 2_000)], lang, 'reading-speed')).toHaveLength(1);
  });
});

/** Two lines of a text that needs them, as the segmenter sets them. */
function split(t: string, lang: Lang): string[] {
  return [...(layoutLines(tokensOf(t, lang), lang)?.lines ?? [t])];
}

describe('the segmenter keeps each language within its line limit', () => {
  it.each(LANGS)('%s: exactly the limit is one line; one character more takes two, each within it', (lang) => {
    const max = languageStyle(lang).maxCharsPerLine;
    expect(layoutLines(tokensOf(text(max, lang), lang), lang)?.lines).toEqual([text(max, lang)]);
    const two = layoutLines(tokensOf(text(max + 1, lang), lang), lang)?.lines ?? [];
    expect(two).toHaveLength(2);
    for (const line of two) expect(displayLength(line, lang)).toBeLessThanOrEqual(max);
  });
});

describe('characters counted as the guides count them', () => {
  it('counts an Arabic letter with its vowel marks once', () => {
    expect(displayLength('سَلَام', 'ar')).toBe(4);
    expect(displayLength('سلام', 'ar')).toBe(4);
  });

  it('counts a Thai consonant with its vowel and tone marks once', () => {
    // ที่ is three code points and one character on screen.
    expect(displayLength('ที่', 'th')).toBe(1);
  });

  it('counts half-width Latin letters, digits and spaces half in Chinese and Japanese, whole elsewhere', () => {
    expect(displayLength('二十国集团G20', 'zh')).toBe(6.5);
    expect(displayLength('G20', 'ja')).toBe(1.5);
    expect(displayLength('G20', 'en')).toBe(3);
  });

  it('takes a tag\'s primary language, and the default for a language without a row', () => {
    expect(languageStyle('pt-BR')).toEqual(languageStyle('pt'));
    expect(languageStyle('zh-Hans-CN').maxCharsPerLine).toBe(16);
    expect([languageStyle('sw').maxCharsPerLine, languageStyle('sw').maxReadingCps]).toEqual([42, 17]);
  });

  it('segments by words a language whose script has no spaces, even without a row (Cantonese)', () => {
    expect(languageStyle('yue').unspaced).toBe(true);
    expect(languageStyle('sw').unspaced).toBe(false);
  });
});

describe('languages written without spaces break between words, never inside one', () => {
  const SENTENCES: [Lang, string][] = [
    ['zh', '我们今天在维也纳举行了关于叙利亚问题的会谈，各方同意继续努力。'],
    ['ja', 'ケリー国務長官とラブロフ外相はウィーンで記者会見を行いました。'],
    ['th', 'รัฐมนตรีต่างประเทศรัสเซียกล่าวว่าการเจรจาจะดำเนินต่อไปในเดือนหน้า'],
  ];

  it.each(SENTENCES)('%s: every line of every cue is within the limit and ends at a word', (lang, sentence) => {
    const words = tokensOf(sentence, lang);
    expect(joinTokens(words, lang)).toBe(sentence);
    const chunks = splitSentence(sentence, lang, { spanMs: 20_000 });
    expect(chunks.map((c) => c.layout.lines.join('')).join('')).toBe(sentence);
    const ends = new Set(words.map((_, i) => joinTokens(words.slice(0, i + 1), lang).length));
    let offset = 0;
    for (const chunk of chunks) {
      for (const line of chunk.layout.lines) {
        expect(displayLength(line, lang)).toBeLessThanOrEqual(languageStyle(lang).maxCharsPerLine);
        offset += line.length;
        expect(ends.has(offset), `"${line}" ends inside a word`).toBe(true);
      }
    }
  });

  it('Japanese: no line starts with a particle or kana ending, and no kanji compound is split', () => {
    const sentence = 'ラブロフ外相とケリー国務長官はウィーンで記者会見を行い、シリア全土での停戦に合意したと述べました。';
    const lines = splitSentence(sentence, 'ja', { spanMs: 30_000 }).flatMap((c) => c.layout.lines);
    expect(lines.join('')).toBe(sentence);
    expect(lines.filter((l) => /^\p{Script=Hiragana}/u.test(l))).toEqual([]);
    const ends = lines.slice(0, -1).map((l, i) => `${l.slice(-1)}/${lines[i + 1][0]}`);
    expect(ends.filter((pair) => /^\p{Script=Han}\/\p{Script=Han}$/u.test(pair))).toEqual([]);
  });

  it('Chinese: no line starts with a particle that closes its phrase (的, 了, 吗)', () => {
    const words = tokensOf('我们同意了停火的原则', 'zh');
    for (const particle of ['了', '的']) {
      const at = words.indexOf(particle);
      expect(at, particle).toBeGreaterThan(0);
      expect(breakBefore(words, at, 'zh')).toEqual({ kind: 'forbidden', reason: 'a particle stays with the word before it' });
    }
    // Before the word after the particle, a line may break.
    expect(breakBefore(words, words.indexOf('了') + 1, 'zh').kind).toBe('plain');
  });

  it('keeps punctuation with the word before it: no line starts with a comma or full stop', () => {
    const words = tokensOf('我们同意，继续努力。', 'zh');
    expect(words.some((w) => /^[，。]/u.test(w))).toBe(false);
    expect(words.join('')).toBe('我们同意，继续努力。');
  });

  it('check reports a line break inside a word of a language written without spaces', () => {
    // 维也纳 (Vienna) is one word: a break after 维也 cuts it.
    const bad = cue('zh', ['我们今天在维也', '纳举行了会谈。']);
    const good = cue('zh', ['我们今天在维也纳', '举行了会谈。']);
    expect(flagged([bad], 'zh', 'line-break').map((v) => v.message)).toEqual([expect.stringMatching(/inside a word/u)]);
    expect(flagged([good], 'zh', 'line-break')).toEqual([]);
  });
});
