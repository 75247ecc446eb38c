import type { Lang } from '../caption-style';
import { primaryLanguage } from '../../language-tags';

/**
 * Fixed multi-word terms that a line or a cue never splits (docs/captions.md, "Line breaks"):
 * «прекращение огня», «борьба с терроризмом», «сесть за стол переговоров». Each term is a list of
 * words, each word the stems it may start with (`|` between them), so one entry covers every case
 * form; a stem of one or two letters («в», «с», «de») is a whole word. Lower case, matched against the word as the word lists spell it (`bareWord`).
 */
const TERMS: Readonly<Record<string, readonly string[]>> = {
  ru: [
    'прекращени огн',
    'режим прекращени огн',
    'борьб с терроризм',
    'сел|сяд|сад|сест|сесть за стол переговор',
    'за стол переговор',
    'лишь потому',
    'только потому',
    'в ходе',
    'в рамках',
    'в том числе',
    'так называем',
    'совет безопасности',
    'организаци объединённ|объединенн наци',
    'переходн период',
    'политическ урегулировани',
    'предметн конкретн разговор',
  ],
  en: ['security council', 'united nations', 'foreign minister', 'special envoy', 'ceasefire agreement', 'cease fire', 'in order to'],
  fr: [
    'cessez-le-feu',
    'conseil de sécurité',
    'nations unies',
    'lutte contre le terrorisme',
    'table des négociations',
    'ministre des affaires étrangères',
    'envoyé spécial',
    'afin de',
    'grâce à|au|aux',
    'à travers',
    'parce que|qu',
  ],
  ar: ['وقف إطلاق النار', 'مجلس الأمن', 'الأمم المتحدة', 'مكافحة الإرهاب', 'طاولة المفاوضات', 'المبعوث الخاص', 'وزير الخارجية'],
};

interface Term {
  readonly words: readonly (readonly string[])[];
}

const compiled = new Map<string, readonly Term[]>();
function termsOf(lang: Lang): readonly Term[] {
  const primary = primaryLanguage(lang);
  let terms = compiled.get(primary);
  if (!terms) {
    terms = (TERMS[primary] ?? []).map((text) => ({ words: text.split(' ').map((w) => w.split('|')) }));
    compiled.set(primary, terms);
  }
  return terms;
}

/** Where a fixed term stands in a sentence: its first word and how many words it has. */
export interface TermPlace {
  readonly first: number;
  readonly length: number;
}

/**
 * The fixed term that a break between `bare(at - 1)` and `bare(at)` would split, if any. Reads
 * only the words within one term's length of the break (four words at most), so a verdict costs
 * the same in a sentence of any length.
 */
export function termSplitAt(bare: (i: number) => string | undefined, at: number, lang: Lang): TermPlace | undefined {
  for (const term of termsOf(lang)) {
    const n = term.words.length;
    for (let first = at - n + 1; first < at; first++) {
      if (first < 0) continue;
      let all = true;
      for (let k = 0; k < n && all; k++) {
        const word = bare(first + k);
        all = word !== undefined && term.words[k].some((stem) => (stem.length <= 2 ? word === stem : word.startsWith(stem)));
      }
      if (all) return { first, length: n };
    }
  }
  return undefined;
}
