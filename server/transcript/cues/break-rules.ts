import type { Lang } from '../caption-style';
import { languageEntry } from '../../language-tags';
import { endsWithBefore, trimEndOf } from '../text-ends';
import { termSplitAt } from './fixed-terms';
import * as ar from './word-classes-ar';
import * as en from './word-classes-en';
import * as fr from './word-classes-fr';
import * as ru from './word-classes-ru';

/**
 * Where a line (or a cue) may break inside a sentence (CAPTION-STYLE.md, "Line breaks").
 *
 * - `clause`: after punctuation, the best place;
 * - `phrase`: before a conjunction or a preposition;
 * - `plain`: anywhere else that no rule forbids;
 * - `forbidden`: it would separate an article or adjective from its noun, a first name from a last
 *   name, a title from its name, a pronoun or auxiliary from its verb, a negation from its verb, a
 *   preposition from its object, or a number from its unit.
 */
export type BreakKind = 'clause' | 'phrase' | 'plain' | 'forbidden';

export interface BreakVerdict {
  readonly kind: BreakKind;
  /** Why a break is forbidden, in the words of the house style. */
  readonly reason?: string;
}

/** Lower rank is a better place to break. */
export const BREAK_RANK: Record<Exclude<BreakKind, 'forbidden'>, number> = { clause: 0, phrase: 1, plain: 2 };

interface WordClasses {
  readonly articles: ReadonlySet<string>;
  readonly determiners: ReadonlySet<string>;
  /** `due_to`: word pairs that never part. */
  readonly fixedPairs: ReadonlySet<string>;
  readonly prepositions: ReadonlySet<string>;
  readonly conjunctions: ReadonlySet<string>;
  readonly pronouns: ReadonlySet<string>;
  readonly auxiliaries: ReadonlySet<string>;
  readonly negations: ReadonlySet<string>;
  readonly clitics: ReadonlySet<string>;
  readonly particles: ReadonlySet<string>;
  readonly numbers: ReadonlySet<string>;
  /** Words that bind to the word after them and never end a line («лишь», «только», «seulement»). */
  readonly forward: ReadonlySet<string>;
  isTitle(word: string): boolean;
  /** `capitalised`: the word as written starts with a capital (a Russian name in -ым is no adjective). */
  isAdjective(word: string, capitalised: boolean): boolean;
  /** Why two words of the language never part, beyond the word lists (Japanese kana and kanji compounds). */
  inseparable?(a: string, b: string): string | undefined;
  /** Whether a capitalised word after any word is a name that must not start a line (Russian: titles are lower case). */
  readonly capitalAfterAnyWord: boolean;
}

const none: ReadonlySet<string> = new Set();

/**
 * Any language without word lists of its own: break after punctuation, anywhere else that no
 * punctuation rule forbids, never inside a fixed term or a short quotation.
 */
const DEFAULT_CLASSES: WordClasses = {
  articles: none,
  determiners: none,
  fixedPairs: none,
  prepositions: none,
  conjunctions: none,
  pronouns: none,
  auxiliaries: none,
  negations: none,
  clitics: none,
  particles: none,
  numbers: none,
  forward: none,
  isTitle: () => false,
  isAdjective: () => false,
  capitalAfterAnyWord: false,
};

/**
 * Chinese and Japanese: the words `Intl.Segmenter` finds are the units; particles that close a
 * phrase (Japanese は、が、を…, Chinese 的、了、吗…) lean on the word before them and never start a
 * line, as a comma never does (JIS X 4051 line-breaking rules for the Japanese; the same for Chinese).
 */
const CJK_PARTICLES = {
  ja: new Set(['は', 'が', 'を', 'に', 'で', 'と', 'の', 'も', 'へ', 'や', 'から', 'まで', 'より', 'など', 'か', 'ね', 'よ', 'です', 'ます', 'ました', 'した', 'いる', 'ない']),
  zh: new Set(['的', '了', '吗', '呢', '吧', '着', '过', '们', '地', '得']),
} as const;

const CLASSES: Readonly<Record<string, WordClasses>> = {
  en: {
    articles: en.EN_ARTICLES,
    determiners: en.EN_DETERMINERS,
    fixedPairs: en.EN_FIXED_PAIRS,
    prepositions: en.EN_PREPOSITIONS,
    conjunctions: en.EN_CONJUNCTIONS,
    pronouns: en.EN_PRONOUNS,
    auxiliaries: en.EN_AUXILIARIES,
    negations: en.EN_NEGATIONS,
    clitics: new Set(),
    particles: en.EN_NAME_PARTICLES,
    numbers: en.EN_NUMBER_WORDS,
    forward: none,
    isTitle: (w) => en.EN_TITLES.has(w),
    isAdjective: (w) => en.EN_ADJECTIVES.has(w) || (w.length > 3 && en.EN_ADJECTIVE_SUFFIX.test(w)) || /\p{L}-\p{L}/u.test(w),
    capitalAfterAnyWord: false,
  },
  ru: {
    articles: ru.RU_ARTICLES,
    determiners: ru.RU_DETERMINERS,
    fixedPairs: ru.RU_FIXED_PAIRS,
    prepositions: ru.RU_PREPOSITIONS,
    conjunctions: ru.RU_CONJUNCTIONS,
    pronouns: ru.RU_PRONOUNS,
    auxiliaries: ru.RU_AUXILIARIES,
    negations: ru.RU_NEGATIONS,
    clitics: ru.RU_CLITICS,
    particles: ru.RU_NAME_PARTICLES,
    numbers: ru.RU_NUMBER_WORDS,
    forward: ru.RU_FORWARD,
    isTitle: (w) => ru.RU_TITLE_STEMS.some((stem) => w.startsWith(stem)),
    isAdjective: (w, capitalised) => !capitalised && w.length > 3 && ru.RU_ADJECTIVE_ENDING.test(w),
    capitalAfterAnyWord: true,
  },
  fr: {
    articles: fr.FR_ARTICLES,
    determiners: fr.FR_DETERMINERS,
    fixedPairs: none,
    prepositions: fr.FR_PREPOSITIONS,
    conjunctions: fr.FR_CONJUNCTIONS,
    pronouns: fr.FR_PRONOUNS,
    auxiliaries: fr.FR_AUXILIARIES,
    negations: fr.FR_NEGATIONS,
    clitics: none,
    particles: fr.FR_NAME_PARTICLES,
    numbers: fr.FR_NUMBER_WORDS,
    forward: fr.FR_FORWARD,
    isTitle: (w) => fr.FR_TITLES.has(w),
    // French adjectives mostly follow the noun; the article and preposition rules keep the noun phrase together.
    isAdjective: () => false,
    // Titles are lower case («le ministre Lavrov»): a capital after any word is a name.
    capitalAfterAnyWord: true,
  },
  ar: {
    articles: none,
    determiners: ar.AR_DETERMINERS,
    fixedPairs: none,
    prepositions: ar.AR_PREPOSITIONS,
    conjunctions: ar.AR_CONJUNCTIONS,
    pronouns: ar.AR_PRONOUNS,
    auxiliaries: none,
    negations: ar.AR_NEGATIONS,
    clitics: none,
    particles: ar.AR_NAME_PARTICLES,
    numbers: ar.AR_NUMBER_WORDS,
    forward: ar.AR_FORWARD,
    isTitle: (w) => ar.AR_TITLES.has(w),
    // Arabic adjectives follow their noun and agree with it; no word list tells them apart reliably.
    isAdjective: () => false,
    // Arabic script has no capitals.
    capitalAfterAnyWord: false,
  },
  ja: { ...DEFAULT_CLASSES, clitics: CJK_PARTICLES.ja, inseparable: japaneseInseparable },
  zh: { ...DEFAULT_CLASSES, clitics: CJK_PARTICLES.zh },
};

/**
 * Japanese lines break after a particle or kana ending, before the next content word. A word that
 * starts in hiragana is a particle, an auxiliary or a verb's kana ending (述/べ, as ICU splits 述べ);
 * two kanji words in a row are one compound that ICU split (国務/長官, 記者/会見).
 */
function japaneseInseparable(a: string, b: string): string | undefined {
  if (/^\p{Script=Hiragana}/u.test(b)) return 'a particle or kana ending stays with the word before it';
  if (/\p{Script=Han}$/u.test(a) && /^\p{Script=Han}/u.test(b)) return 'a kanji compound stays in one piece';
  return undefined;
}

function classesOf(lang: Lang): WordClasses {
  return languageEntry(CLASSES, lang) ?? DEFAULT_CLASSES;
}

const OPENERS = /^["“„«'‘(\[「『（《]+/u;
// What ends a word is found by scanning back from its end (text-ends.ts), never with a `…+$`
// pattern: a word can be a megabyte of punctuation, and those backtrack over it from every start.
const CLOSERS = '"”»\'’)]';
// With the full-width marks of Chinese and Japanese and the Arabic comma, semicolon and question mark.
const CLAUSE_MARKS = ',;:!?…—–.，。、；：！？،؛؟';
const QUOTE_OPENING = /^["“„«]/u;
const QUOTE_CLOSERS = '"”»';
const DASH = /^[—–-]+$/u;
const STARTS_WITH_CLOSING_PUNCTUATION = /^[,.;:!?…»”)\]，。、；：！？」』）》،؛؟]/u;
/** An opening quotation mark or bracket standing alone (French `« mot »`): it stays with the word after it. */
const LONE_OPENER = /^["“„«‘(\[「『（《]+$/u;
/** `U.S.`, `U.N.`: initials, which end in a full stop without ending a clause. */
const INITIALS = /^(?:\p{L}\.){2,}$/u;

/** The word as the word lists spell it: lower case, without quotes, brackets or final punctuation. */
export function bareWord(word: string): string {
  return trimEndOf(word.replace(OPENERS, ''), ',;:!?…"”»\'’)]、。，！？：；」』）》،؛؟')
    .replace(/’/gu, "'")
    .toLowerCase();
}

/** The word ends a clause: punctuation, then perhaps closing quotes or brackets (`said,"`). */
function endsClause(word: string): boolean {
  const bare = trimEndOf(word, CLOSERS);
  return bare.length > 0 && CLAUSE_MARKS.includes(bare[bare.length - 1]);
}

function dropFinalStop(word: string): string {
  return word.endsWith('.') ? word.slice(0, -1) : word;
}

function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word.replace(OPENERS, ''));
}

function isNumber(word: string, classes: WordClasses): boolean {
  return /^\d/u.test(word.replace(OPENERS, '')) || classes.numbers.has(dropFinalStop(bareWord(word)));
}

/** Neither a function word nor punctuation: a word that can be a noun or a verb. */
function isContentWord(word: string, classes: WordClasses): boolean {
  const bare = dropFinalStop(bareWord(word));
  if (bare === '' || DASH.test(bare)) return false;
  return ![classes.prepositions, classes.conjunctions, classes.determiners, classes.pronouns, classes.auxiliaries, classes.negations].some((s) =>
    s.has(bare),
  );
}

/** A quotation of at most this many words is never broken («Джебхат ан-Нусра»). */
const SHORT_QUOTE_WORDS = 4;

/**
 * Whether `at` falls inside a quotation of at most SHORT_QUOTE_WORDS words. Only a quotation
 * opened within the SHORT_QUOTE_WORDS - 1 words before `at` can close within SHORT_QUOTE_WORDS
 * words of its opening, so only those words are read: the verdict on each break of a sentence
 * costs the same however long the sentence is.
 */
function insideShortQuote(words: readonly string[], at: number): boolean {
  let open = -1;
  for (let i = at - 1; i >= Math.max(0, at - (SHORT_QUOTE_WORDS - 1)); i--) {
    if (endsWithBefore(words[i], QUOTE_CLOSERS)) return false;
    if (QUOTE_OPENING.test(words[i])) {
      open = i;
      break;
    }
  }
  if (open < 0) return false;
  for (let i = at; i < words.length && i - open < SHORT_QUOTE_WORDS; i++) {
    if (endsWithBefore(words[i], QUOTE_CLOSERS)) return true;
  }
  return false;
}

/** May a line or cue break between `words[at - 1]` and `words[at]`? */
export function breakBefore(words: readonly string[], at: number, lang: Lang): BreakVerdict {
  const classes = classesOf(lang);
  const a = words[at - 1];
  const b = words[at];
  if (a === undefined || b === undefined) return { kind: 'forbidden', reason: 'not between two words' };
  const bareA = bareWord(a);
  const bareB = bareWord(b);
  const c = words[at + 1];

  if (DASH.test(b) || STARTS_WITH_CLOSING_PUNCTUATION.test(b)) return { kind: 'forbidden', reason: 'punctuation stays with the word before it' };
  if (LONE_OPENER.test(a)) return { kind: 'forbidden', reason: 'an opening quotation mark stays with the word after it' };
  const term = termSplitAt((i) => (words[i] === undefined ? undefined : dropFinalStop(bareWord(words[i]))), at, lang);
  if (term !== undefined) {
    const written = trimEndOf(words.slice(term.first, term.first + term.length).join(' '), CLAUSE_MARKS + CLOSERS);
    return { kind: 'forbidden', reason: `a fixed term stays in one piece: "${written}"` };
  }
  if (classes.forward.has(bareA) && !endsClause(a)) return { kind: 'forbidden', reason: `"${bareA}" stays with the words it leads` };
  if (classes.isTitle(bareA) && !endsClause(dropFinalStop(a))) return { kind: 'forbidden', reason: 'a title stays with its name' };
  if (insideShortQuote(words, at)) return { kind: 'forbidden', reason: 'a short quotation stays on one line' };
  if (endsClause(a) && !INITIALS.test(trimEndOf(a, CLOSERS))) return { kind: 'clause' };
  if (DASH.test(a)) return { kind: 'clause' };

  const bIsLink = classes.conjunctions.has(bareB) || classes.prepositions.has(bareB);
  const phrase: BreakVerdict = { kind: bIsLink ? 'phrase' : 'plain' };
  if (classes.clitics.has(bareB)) return { kind: 'forbidden', reason: 'a particle stays with the word before it' };
  const inseparable = classes.inseparable?.(a, b);
  if (inseparable !== undefined) return { kind: 'forbidden', reason: inseparable };
  if (classes.negations.has(bareA)) return { kind: 'forbidden', reason: 'a negation stays with its verb' };
  if (classes.prepositions.has(bareA)) return { kind: 'forbidden', reason: 'a preposition stays with its object' };
  const bName = isCapitalised(b) && bareB !== 'i';
  if (bName && (classes.capitalAfterAnyWord || isCapitalised(a) || classes.particles.has(bareA))) {
    return { kind: 'forbidden', reason: 'a name stays with the title or first name before it' };
  }
  if (isCapitalised(a) && classes.particles.has(bareB) && c !== undefined && isCapitalised(c)) {
    return { kind: 'forbidden', reason: 'a first name stays with the last name' };
  }
  if (isCapitalised(a) && bareB === 'of' && c !== undefined && isCapitalised(c)) {
    return { kind: 'forbidden', reason: 'a name stays in one piece ("Ministry of Foreign Affairs")' };
  }
  if (classes.fixedPairs.has(`${bareA}_${bareB}`)) return { kind: 'forbidden', reason: `"${a} ${b}" stays in one piece` };
  if (classes.conjunctions.has(bareA)) {
    return { kind: 'forbidden', reason: 'a conjunction starts its clause' };
  }
  const bIsConjunction = classes.conjunctions.has(bareB);
  if (classes.articles.has(bareA)) return { kind: 'forbidden', reason: 'an article or determiner stays with its noun' };
  // Other determiners can stand for a noun ("discuss those with"): a link word may follow, but not
  // the `of` of a quantity ("all of the countries").
  if (classes.determiners.has(bareA) && (!bIsLink || bareB === 'of')) {
    return { kind: 'forbidden', reason: 'an article or determiner stays with its noun' };
  }
  if (classes.pronouns.has(bareA) && !bIsConjunction) return { kind: 'forbidden', reason: 'a pronoun stays with its verb' };
  if (classes.auxiliaries.has(bareA) && !bIsLink) return { kind: 'forbidden', reason: 'an auxiliary stays with its verb' };
  if (isNumber(a, classes) && isContentWord(b, classes)) return { kind: 'forbidden', reason: 'a number stays with its unit' };
  if (INITIALS.test(a) && isContentWord(b, classes)) return { kind: 'forbidden', reason: 'an adjective stays with its noun' };
  // Between two adjectives of one noun («различными / оппозиционными структурами») the last stays with it.
  if (classes.isAdjective(bareA, isCapitalised(a)) && isContentWord(b, classes) && !classes.isAdjective(bareB, isCapitalised(b))) {
    return { kind: 'forbidden', reason: 'an adjective stays with its noun' };
  }
  return phrase;
}
