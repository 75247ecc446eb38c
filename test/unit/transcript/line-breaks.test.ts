import { describe, expect, it } from 'vitest';
import { languageStyle, type Lang } from '../../../server/transcript/caption-style';
import { breakBefore } from '../../../server/transcript/cues/break-rules';
import { layoutLines } from '../../../server/transcript/cues/line-layout';
import { wordsOf } from '../../../server/transcript/text-words';

const lines = (text: string, lang: Lang, reserve = 0) => layoutLines(wordsOf(text), lang, { reserve })?.lines;

/** Input sentence → the lines a captioner would set (CAPTION-STYLE.md, "Line breaks"). */
const LAYOUTS: [lang: Lang, sentence: string, expected: string[]][] = [
  // Fits: one line.
  ['en', 'Thank you all very much.', ['Thank you all very much.']],
  ['ru', 'Большое всем спасибо.', ['Большое всем спасибо.']],
  // After punctuation first.
  ['en', 'We discussed the ceasefire, and we agreed on the next steps.', ['We discussed the ceasefire,', 'and we agreed on the next steps.']],
  ['ru', 'Переговоры продолжатся в Вене, и мы надеемся на прогресс.', ['Переговоры продолжатся в Вене,', 'и мы надеемся на прогресс.']],
  // Before a preposition; title + name ("Secretary Kerry") stay together.
  ['en', 'I had a long conversation with Secretary Kerry about Syria.', ['I had a long conversation', 'with Secretary Kerry about Syria.']],
  // Before a conjunction; "have not" (auxiliary + negation + verb) stays together.
  ['en', 'We have not yet decided whether the talks will continue in Vienna.', ['We have not yet decided', 'whether the talks will continue in Vienna.']],
  // An auxiliary chain stays with its verb: "will have been working".
  ['en', 'They will have been working on this for a very long time now.', ['They will have been working', 'on this for a very long time now.']],
  // First name, particle and last name stay together: "Staffan de Mistura".
  ['en', 'Staffan de Mistura will convene the parties in Geneva in January.', ['Staffan de Mistura will convene', 'the parties in Geneva in January.']],
  // "more than" and a number with its unit stay together.
  ['en', 'The coalition has carried out more than 5 thousand strikes in Syria.', ['The coalition has carried out', 'more than 5 thousand strikes in Syria.']],
  // Adjective + noun ("political process") stays together, even when the top line must be longer.
  ['en', 'It is important that the political process moves forward quickly.', ['It is important that the political process', 'moves forward quickly.']],
  ['en', 'We could not agree on the list of terrorist organizations today.', ['We could not agree on the list', 'of terrorist organizations today.']],
  // «не» stays with its verb; the preposition «с» with its object.
  ['ru', 'Мы не можем согласиться с такой постановкой вопроса сегодня.', ['Мы не можем согласиться', 'с такой постановкой вопроса сегодня.']],
  // Title and name («госсекретарь Керри», «министр Лавров») stay together.
  ['ru', 'Госсекретарь Керри и министр Лавров обсудили ситуацию в Сирии.', ['Госсекретарь Керри и министр Лавров', 'обсудили ситуацию в Сирии.']],
  // Number and unit («5 тысяч ударов») stay together.
  ['ru', 'Коалиция нанесла более 5 тысяч ударов по позициям террористов.', ['Коалиция нанесла более 5 тысяч ударов', 'по позициям террористов.']],
  // Adjective + noun («всей территории», «прекращении огня» with its preposition).
  ['ru', 'Стороны договорились о прекращении огня на всей территории страны.', ['Стороны договорились о прекращении огня', 'на всей территории страны.']],
  ['ru', 'Мы будем продолжать работу над этим вопросом в ближайшие недели.', ['Мы будем продолжать работу', 'над этим вопросом в ближайшие недели.']],
];

describe('line breaks', () => {
  it.each(LAYOUTS)('%s: %s', (lang, sentence, expected) => {
    const got = lines(sentence, lang);
    expect(got).toEqual(expected);
    for (const line of got!) expect(line.length).toBeLessThanOrEqual(languageStyle(lang).maxCharsPerLine);
    expect(got!.join(' ')).toBe(sentence);
  });

  it('keeps room on the first line for a turn label such as ">> KERRY: "', () => {
    const sentence = 'Thank you, and good afternoon to all.';
    expect(lines(sentence, 'en')).toEqual([sentence]);
    expect(lines(sentence, 'en', '>> DE MISTURA: '.length)).toEqual(['Thank you,', 'and good afternoon to all.']);
  });

  it('prefers a shorter top line when the lines must differ', () => {
    const [top, bottom] = lines('The Secretary will meet the Russian foreign minister tomorrow.', 'en')!;
    expect(top.length).toBeLessThan(bottom.length);
  });

  it('gives up (the segmenter then splits the cue) rather than break a forbidden pair', () => {
    expect(lines('This is something that President Vladimir Putin has said before.', 'en')).toBeUndefined();
  });
});

/** Breaks the house style forbids, each with the rule it breaks: `|` marks the break. */
const FORBIDDEN: [lang: Lang, text: string, reason: RegExp][] = [
  ['en', 'we met the | minister', /article/u],
  ['en', 'a long | conversation', /adjective/u],
  ['en', 'John | Kerry said', /name/u],
  ['en', 'Secretary | Kerry said', /title/u],
  ['en', 'Mr. | Lavrov said', /title/u],
  ['en', 'we | agreed', /pronoun/u],
  ['en', 'we will | agree', /auxiliary/u],
  ['en', 'we do not | agree', /negation/u],
  ['en', 'we talked with | Sergey', /preposition/u],
  ['en', 'more than 5 | billion dollars', /number/u],
  ['en', 'due | to the weather', /one piece/u],
  ['en', 'Staffan de | Mistura', /name/u],
  ['en', 'said that | we', /conjunction/u],
  ['ru', 'мы не | можем', /negation/u],
  ['ru', 'в | России', /preposition/u],
  ['ru', 'госсекретарь | Керри', /title/u],
  ['ru', 'с министром | Лавровым', /title|name/u],
  ['ru', '5 | млрд долларов', /number/u],
  ['ru', 'политический | процесс', /adjective/u],
  ['ru', 'мы | договорились', /pronoun/u],
  ['ru', 'хотел | бы добавить', /particle/u],
  ['ru', 'группировки «Джебхат | ан-Нусра»', /quotation/u],
  // Fixed terms (issue 13): never split across lines or cues, in any case form.
  ['ru', 'договорились о прекращении | огня', /fixed term.*"прекращении огня"/u],
  ['ru', 'режим прекращения | огня соблюдается', /fixed term/u],
  ['ru', 'в борьбе | с терроризмом', /fixed term.*"борьбе с терроризмом"/u],
  ['ru', 'мы сели | за стол переговоров', /fixed term.*"сели за стол переговоров"/u],
  ['ru', 'сесть за стол | переговоров', /fixed term/u],
  ['ru', 'предметный, | конкретный разговор', /fixed term/u],
  // Words that bind forward never end a line.
  ['ru', 'лишь | потому, что', /fixed term|stays with the words it leads/u],
  ['ru', 'не лишь | тех, кто', /"лишь" stays with the words it leads/u],
  ['ru', 'только | в ходе переговоров', /"только" stays with the words it leads/u],
  ['ru', 'именно | динамика', /"именно" stays with the words it leads/u],
  // French: articles, prepositions, conjunctions, «ne» and a lone « never end a line; ; : ! ? » never start one.
  ['fr', 'nous avons rencontré le | ministre', /article/u],
  ['fr', 'une réunion à | Vienne', /preposition/u],
  ['fr', 'nous pensons que | les parties', /conjunction/u],
  ['fr', 'nous ne | pouvons pas', /negation/u],
  ['fr', 'le groupe « | Daech »', /opening quotation/u],
  ['fr', 'est-ce possible | ?', /punctuation/u],
  ['fr', 'voici le point | : nous', /punctuation/u],
  ['fr', 'un cessez-le-feu, et le | Conseil de sécurité', /article|name/u],
  ['fr', 'le Conseil de | sécurité', /fixed term/u],
  ['fr', 'nous avons | rencontré', /auxiliary/u],
  // Arabic: prepositions, conjunctions and negations never end a line; fixed terms stay whole.
  ['ar', 'اجتمعنا في | فيينا', /preposition/u],
  ['ar', 'نعتقد أن | الأطراف', /conjunction/u],
  ['ar', 'نحن لا | نوافق', /negation/u],
  ['ar', 'وقف إطلاق | النار', /fixed term/u],
  ['ar', 'مجلس | الأمن', /fixed term/u],
  // Any other language: punctuation and quotations still hold.
  ['sw', 'tulikutana | , na', /punctuation/u],
  ['sw', 'kundi « | Daesh »', /opening quotation/u],
];

const ALLOWED: [lang: Lang, text: string, kind: 'clause' | 'phrase' | 'plain'][] = [
  ['en', 'we met, | and then', 'clause'],
  ['en', 'the talks | in Vienna', 'phrase'],
  ['en', 'the talks | and the process', 'phrase'],
  ['en', 'Lavrov | agreed', 'plain'],
  ['ru', 'в Вене, | и мы', 'clause'],
  ['ru', 'переговоры | в Вене', 'phrase'],
  ['ru', 'различными | оппозиционными структурами', 'plain'],
  ['fr', 'à Vienne, | et nous', 'clause'],
  ['fr', 'les négociations | à Vienne', 'phrase'],
  ['fr', 'la délégation | a dit', 'plain'],
  ['ar', 'في فيينا، | ونحن', 'clause'],
  ['ar', 'المحادثات | في فيينا', 'phrase'],
  ['sw', 'tulikutana | Vienna', 'plain'],
  ['sw', 'tulikutana, | na', 'clause'],
];

function verdict(lang: Lang, marked: string) {
  const [before, after] = marked.split(' | ');
  const words = [...wordsOf(before), ...wordsOf(after)];
  return breakBefore(words, wordsOf(before).length, lang);
}

describe('break rules', () => {
  it.each(FORBIDDEN)('%s: never "%s"', (lang, marked, reason) => {
    const v = verdict(lang, marked);
    expect(v.kind).toBe('forbidden');
    expect(v.reason).toMatch(reason);
  });

  it.each(ALLOWED)('%s: "%s" is a %s break', (lang, marked, kind) => {
    expect(verdict(lang, marked).kind).toBe(kind);
  });
});
