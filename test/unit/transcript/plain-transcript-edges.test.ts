import { describe, expect, it } from 'vitest';
import type { DraftSegment } from '../../../server/transcript/draft';
import { importPlainTranscript } from '../../../server/transcript/import/plain-transcript';

const imported = (source: string, options: Partial<Parameters<typeof importPlainTranscript>[1]> = {}) => importPlainTranscript(source, { file: 'a.txt', id: 'a', ...options });

/** Each segment as a viewer gets it: turn, speaker, language heard, source line, and its words or sound. */
const shown = (s: DraftSegment) => [s.turn, s.speakerId, s.sourceLang, s.line, s.kind === 'sound' ? `[${s.sound}]` : Object.values(s.text).join()];

describe('plain transcripts at the edges: journalists, interpreters, lines, metadata', () => {
  it('names the journalist the moderator calls on under every question label that follows', () => {
    const { draft, problems } = imported(
      'MODERATOR: The last question is from Anna Petrova of TASS.\n\nREPORTER: Thank you.\n\nJOURNALIST: And a second one?\n\nВОПРОС: Спасибо.',
    );
    expect(problems).toEqual([]);
    expect(draft!.segments.map(shown)).toEqual([
      [0, 'moderator', 'en', 1, 'The last question is from Anna Petrova of TASS.'],
      [1, 'question-anna-petrova', 'en', 3, 'Thank you.'],
      [2, 'question-anna-petrova', 'en', 5, 'And a second one?'],
      [3, 'question-anna-petrova', 'en', 7, 'Спасибо.'],
    ]);
    expect(draft!.speakers).toEqual([
      { id: 'moderator', label: { en: 'Moderator' }, short: { en: 'MODERATOR' } },
      { id: 'question-anna-petrova', label: { en: 'Question – Anna Petrova, TASS' }, short: { en: 'QUESTION' }, role: 'journalist' },
    ]);
  });

  it('gives a question before anyone is named the speaker "Question"', () => {
    const { draft } = imported('QUESTION: Is it true?\n\nMR KIRBY: Next question will be from Olga Golovanova with Interfax.\n\nQUESTION: Thank you.');
    expect(draft!.segments.map((s) => s.speakerId)).toEqual(['question', 'kirby', 'question-olga-golovanova']);
    expect(draft!.speakers.map((s) => [s.id, s.label.en, s.short.en, s.role])).toEqual([
      ['question', 'Question', 'QUESTION', 'journalist'],
      ['kirby', 'Mr Kirby', 'KIRBY', undefined],
      ['question-olga-golovanova', 'Question – Olga Golovanova, Interfax', 'QUESTION', 'journalist'],
    ]);
  });

  it('hears the rest of a turn "through an interpreter" in the other language, and "(In English.)" in English', () => {
    const { draft } = imported('MR LAVROV: (Through an interpreter) We agree. (In English.) Thank you. (Applause.)\n\nMR DE MISTURA: Yes.', { languages: ['en', 'ru'] });
    expect(draft!.segments.map(shown)).toEqual([
      [0, 'lavrov', 'ru', 1, 'We agree.'],
      [0, 'lavrov', 'en', 1, '[speaks-english]'],
      [0, 'lavrov', 'ru', 1, 'Thank you.'],
      [0, 'lavrov', 'ru', 1, '[applause]'],
      [1, 'de-mistura', 'en', 3, 'Yes.'],
    ]);
    expect(draft!.speakers.map((s) => [s.id, s.label.en, s.short.en])).toEqual([
      ['lavrov', 'Mr Lavrov', 'LAVROV'],
      ['de-mistura', 'Mr de Mistura', 'DE MISTURA'],
    ]);
  });

  it('keeps a stage direction that is no sound as text, and one in a language the transcript lacks in the turn\'s', () => {
    // One language only: an interpreter has nothing to interpret into, and Russian cannot be heard.
    const { draft } = imported('MR A: (Via interpreter) Yes. (In Russian.) (Pause.) Good.', { languages: ['en'] });
    expect(draft!.segments.map(shown)).toEqual([
      [0, 'a', 'en', 1, 'Yes.'],
      [0, 'a', 'en', 1, '[speaks-russian]'],
      [0, 'a', 'en', 1, '(Pause.)'],
      [0, 'a', 'en', 1, 'Good.'],
    ]);
  });

  it('puts each sentence on the line it starts on, drops the dash that resumes after a direction', () => {
    const { draft } = imported('MR A: Hello — (Laughter.) — again.\nAnd a second line. Third sentence.');
    expect(draft!.segments.map(shown)).toEqual([
      [0, 'a', 'en', 1, 'Hello —'],
      [0, 'a', 'en', 1, '[laughter]'],
      [0, 'a', 'en', 1, 'again.'],
      [0, 'a', 'en', 2, 'And a second line.'],
      [0, 'a', 'en', 2, 'Third sentence.'],
    ]);
  });

  it('says where turns with no text start', () => {
    expect(imported('Header\n\nMR A:\n\nMR B:')).toEqual({
      problems: [{ code: 'no-speech', file: 'a.txt', line: 3, message: 'the speaker turns hold no text' }],
    });
  });

  it('takes the title from a heading, the text language from the first of the languages', () => {
    const { draft } = imported('# Talks in Vienna\n\nMR A: Привет.', { languages: ['ru', 'en'] });
    expect(draft!.meta).toMatchObject({ title: 'Talks in Vienna', attribution: 'Transcript', sourceFile: 'a.txt', notes: [] });
    expect(draft!.languages).toEqual(['ru', 'en']);
    expect(draft!.segments.map(shown)).toEqual([[0, 'a', 'ru', 3, 'Привет.']]);
    expect(imported('# Talks in Vienna\n\nMR A: Hello.', { title: 'Given' }).draft!.meta.title).toBe('Given');
  });

  it('notes a dropped lead and a joined paragraph with their lines', () => {
    const { draft } = imported('MR A: one\n\ntwo.\n\nMR A: three....\n\nMR A: three and four.');
    expect(draft!.segments.map(shown)).toEqual([
      [0, 'a', 'en', 1, 'one two.'],
      [1, 'a', 'en', 7, 'three and four.'],
    ]);
    expect(draft!.meta.notes).toEqual(['line 5: dropped a lead that repeats the turn at line 7', 'line 3: joined to the previous paragraph, which broke off mid-sentence']);
  });
});

describe('plain transcripts: what is a speaker, a direction, a lead, a credit', () => {
  it('names a journalist introduced without a verb, with three names, at the end of a paragraph with no full stop', () => {
    const { draft } = imported('MR KIRBY: Last question from Anna Maria Petrova of TASS\n\nQUESTION: Thanks.');
    expect(draft!.segments.map((s) => s.speakerId)).toEqual(['kirby', 'question-anna-maria-petrova']);
    expect(draft!.speakers[1].label.en).toBe('Question – Anna Maria Petrova, TASS');
  });

  it('keeps words that name a sound or an interpreter as speech unless they stand alone in parentheses', () => {
    const { draft } = imported('MR A: (Not through an interpreter.) Applause. We met (as planned) today. We **agree**.');
    expect(draft!.segments.map(shown)).toEqual([
      [0, 'a', 'en', 1, '(Not through an interpreter.)'],
      [0, 'a', 'en', 1, 'Applause.'],
      [0, 'a', 'en', 1, 'We met (as planned) today.'],
      [0, 'a', 'en', 1, 'We agree.'],
    ]);
  });

  it('says an empty file has no text', () => {
    expect(imported('')).toEqual({ problems: [{ code: 'empty-file', file: 'a.txt', line: 1, message: 'the file has no text' }] });
  });

  it('says a file without a speaker label has none, and how one looks', () => {
    expect(imported('Prose only.').problems).toEqual([
      { code: 'no-speech', file: 'a.txt', line: 1, message: 'no speaker label found: a turn starts with a name in capitals and a colon, such as "MR KIRBY:"' },
    ]);
  });

  it('reads a label wrapped over two lines as the speaker', () => {
    expect(imported('MR\nKIRBY: Hello.').draft!.segments.map((s) => s.speakerId)).toEqual(['kirby']);
  });

  it('gives a sentence said twice in a paragraph the line of each', () => {
    expect(imported('MR A: Thank you.\nThank you.').draft!.segments.map((s) => s.line)).toEqual([1, 2]);
  });

  it('drops a lead of two paragraphs that the same speaker\'s next turn repeats', () => {
    const { draft } = imported('MR A: First part.\n\nSecond part and....\n\nMR A: First part.\n\nSecond part and more.');
    expect(draft!.segments.map(shown)).toEqual([
      [0, 'a', 'en', 5, 'First part.'],
      [0, 'a', 'en', 7, 'Second part and more.'],
    ]);
    expect(draft!.meta.notes).toEqual(['line 1: dropped a lead that repeats the turn at line 5']);
  });

  it('keeps a turn ending in an ellipsis when the next turn is another speaker\'s or says something else', () => {
    const { draft } = imported('MR A: Hello and....\n\nMR B: Hello and welcome.\n\nMR B: I think....\n\nMR B: Something else.');
    expect(draft!.segments.map((s) => s.line)).toEqual([1, 3, 5, 7]);
    expect(draft!.meta.notes).toEqual([]);
  });

  it('passes over a paragraph of bold markers without joining anything to it', () => {
    const { draft } = imported('MR A: Hello.\n\n****\n\nGoodbye.');
    expect(draft!.segments.map(shown)).toEqual([
      [0, 'a', 'en', 1, 'Hello.'],
      [0, 'a', 'en', 5, 'Goodbye.'],
    ]);
    expect(draft!.meta.notes).toEqual([]);
  });

  it('keeps a dash that opens a turn, drops one that resumes after a direction, each on its line', () => {
    const { draft } = imported('MR A: — Well, yes. (Laughter.)\n—and so on. (Laughter.)\n— and more.');
    expect(draft!.segments.map(shown)).toEqual([
      [0, 'a', 'en', 1, '— Well, yes.'],
      [0, 'a', 'en', 1, '[laughter]'],
      [0, 'a', 'en', 2, 'and so on.'],
      [0, 'a', 'en', 2, '[laughter]'],
      [0, 'a', 'en', 3, 'and more.'],
    ]);
  });

  it('credits the author, the publisher and the source address from the credits', () => {
    const credits = '\n\nRuby BIRD\n<http://x.example/>\n\n**Article online:**\n\n<https://x.example/a>\n\n**Editorial program service of General News Agency:**\n\nUPA Ltd\nLondon';
    expect(imported(`MR A: Hello.${credits}`).draft!.meta.attribution).toBe('Transcript by Ruby BIRD, UPA Ltd (https://x.example/a)');
  });
});
