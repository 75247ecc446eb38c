import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importPlainTranscript } from '../../../server/transcript/import/plain-transcript';
import type { DraftSegment } from '../../../server/transcript/draft';
import { VIENNA_SOURCE } from '../../support/load-vienna';

/**
 * The press conference through the importer, run inside each test that needs it, not while the
 * file loads: mutation testing then sees which tests reach the importer, and runs only those for
 * each of its mutants instead of every unit test.
 */
function importVienna() {
  const { draft, problems } = importPlainTranscript(readFileSync(VIENNA_SOURCE, 'utf8'), {
    file: 'vienna.txt',
    id: 'vienna',
    // The languages and the interpreted language as the press conference's sidecar gives them (data/sources/vienna-2015-11-14.json).
    languages: ['en', 'ru'],
    interpretedFrom: 'ru',
  });
  return { draft, problems, segments: draft?.segments ?? [] };
}

function textOf(s: DraftSegment): string {
  return s.kind === 'sound' ? `[${s.sound}]` : (s.text.en ?? '');
}

/** Written by reading the source: every turn of the press conference, who speaks, in what language, how it opens. */
const EXPECTED_TURNS: [speaker: string, spoken: 'en' | 'ru', opens: string][] = [
  ['kerry', 'en', 'Can I just mention on thing to build on what Sergey said'],
  ['kirby', 'en', 'Next question comes from Olga Golovanova from Interfax.'],
  ['question-olga-golovanova', 'en', "Mr. Kerry, don't you want that terror attacks"],
  ['kerry', 'en', 'Thank you, Olga.'],
  ['lavrov', 'en', "She doesn't want to ask me; she believes you would be a better source."],
  ['question-olga-golovanova', 'ru', '[speaks-russian]'],
  ['kerry', 'en', "I think you're a source available all the time; I'm not."],
  ['lavrov', 'ru', 'I would like to add a couple of words.'],
  ['de-mistura', 'en', 'Let me add one thing here, perhaps'],
  ['kerry', 'en', 'Thank you all.'],
  ['kirby', 'en', 'One more question.'],
  ['question-andreas-mitschitz', 'en', 'Thank you.'],
  ['kerry', 'en', '[inaudible]'],
  ['de-mistura', 'en', 'Let me add one point on this.'],
  ['kerry', 'en', 'Thank you all very much.'],
  ['kirby', 'en', 'That concludes the press conference.'],
];

describe('plain transcript importer on the Vienna press conference', () => {
  it('reports no problems', () => {
    const { problems } = importVienna();
    expect(problems).toEqual([]);
  });

  it('finds every turn, its speaker and the language actually spoken', () => {
    const { segments } = importVienna();
    const turns = [...new Set(segments.map((s) => s.turn))].map((turn) => {
      const first = segments.find((s) => s.turn === turn)!;
      return [first.speakerId, first.sourceLang, textOf(first)] as const;
    });
    expect(turns.map(([speaker, lang]) => [speaker, lang])).toEqual(EXPECTED_TURNS.map(([speaker, lang]) => [speaker, lang]));
    turns.forEach(([, , text], i) => expect(text.startsWith(EXPECTED_TURNS[i][2]), `turn ${i}: ${text}`).toBe(true));
  });

  it('captions the agency lead only once', () => {
    const { draft, segments } = importVienna();
    const openings = segments.filter((s) => textOf(s).startsWith('Can I just mention on thing'));
    expect(openings).toHaveLength(1);
    expect(segments.some((s) => textOf(s).endsWith('....'))).toBe(false);
    expect(draft?.meta.notes.some((n) => n.includes('dropped a lead'))).toBe(true);
  });

  it('joins paragraphs broken mid-sentence and mid-phrase', () => {
    const { segments } = importVienna();
    const texts = segments.map(textOf);
    expect(texts).toContain(
      texts.find((t) => t.includes('a very orderly transition, a structured transition, one that maintains the structures of the state')),
    );
    expect(texts.some((t) => t.includes('with respect to the end game.'))).toBe(true);
    expect(texts.some((t) => t === 'game.' || t.startsWith('one that maintains'))).toBe(false);
  });

  it('restores lost em dashes', () => {
    const { segments } = importVienna();
    const texts = segments.map(textOf);
    expect(texts).toContain('I think that — we did talk about cooperation, and I have said for some period of time, as has President Obama, that cooperation makes a lot of sense.');
    expect(texts.some((t) => t.includes('""'))).toBe(false);
  });

  it('turns stage directions into sound events, also inside a sentence', () => {
    const { segments } = importVienna();
    const deMistura = segments.filter((s) => s.turn === 13).map(textOf);
    expect(deMistura.slice(0, 4)).toEqual([
      'Let me add one point on this.',
      'Sorry, because —',
      '[laughter]',
      "because it's a delicate issue.",
    ]);
    const sounds = segments.filter((s) => s.kind === 'sound').map(textOf);
    expect(sounds).toEqual(['[laughter]', '[speaks-russian]', '[laughter]', '[laughter]', '[inaudible]', '[laughter]']);
    expect(segments.some((s) => /\((Laughter|Inaudible|In Russian|Via interpreter)/iu.test(textOf(s)))).toBe(false);
  });

  it('marks the interpreted answer as Russian speech to its end, and only that turn', () => {
    const { segments } = importVienna();
    const lavrov = segments.filter((s) => s.turn === 7);
    expect(lavrov).toHaveLength(16);
    expect(lavrov.every((s) => s.sourceLang === 'ru')).toBe(true);
    expect(segments.filter((s) => s.kind === 'speech' && s.sourceLang === 'ru')).toHaveLength(16);
  });

  it('names the journalists the moderator introduced', () => {
    const { draft } = importVienna();
    const labels = Object.fromEntries(draft!.speakers.map((s) => [s.id, s.label.en]));
    expect(labels['question-olga-golovanova']).toBe('Question – Olga Golovanova, Interfax');
    expect(labels['question-andreas-mitschitz']).toBe('Question – Andreas Mitschitz, ORF TV');
  });

  it('keeps the header and credits as metadata, never captions', () => {
    const { draft, segments } = importVienna();
    expect(draft?.meta).toMatchObject({
      beat: 'Miscellaneous',
      place: 'Vienna, Austria',
      date: '2015-11-14',
      author: 'Ruby BIRD',
      publisher: 'UPA United Press Agency LTD',
      sourceUrl: 'https://www.uspa24.com/bericht-6343/final-part-to-the-press-questions-und-answers-with-sergey-lavrov-und-john-kerry.html',
    });
    const all = segments.map(textOf).join(' ');
    for (const credit of ['Beat', 'USPA', 'Ruby BIRD', 'Liability', 'Green Lanes', 'uspa24', 'VIENNA, AUSTRIA']) {
      expect(all).not.toContain(credit);
    }
    expect(textOf(segments.at(-1)!)).toBe('Thank you, everybody.');
  });

  it('records the source line of each segment', () => {
    const { segments } = importVienna();
    const kirby = segments.find((s) => textOf(s).startsWith('Next question comes'));
    expect(kirby?.line).toBe(25);
    const game = segments.find((s) => textOf(s).includes('end game.'));
    expect(game?.line).toBe(39);
  });
});

describe('plain transcript importer on other input', () => {
  it('accepts a BOM, CRLF line ends and labels without bold', () => {
    const result = importPlainTranscript('\uFEFFMR. SMITH: Hello there. How are you?\r\n\r\nMS JONES: Fine.\r\n', { file: 'a.txt', id: 'a' });
    expect(result.problems).toEqual([]);
    expect(result.draft?.segments.map((s) => [s.speakerId, textOf(s)])).toEqual([
      ['smith', 'Hello there.'],
      ['smith', 'How are you?'],
      ['jones', 'Fine.'],
    ]);
  });

  it('reports a file without speaker labels, with file and line', () => {
    const result = importPlainTranscript('Just some prose.\n\nMore prose.', { file: 'notes.txt', id: 'n' });
    expect(result.draft).toBeUndefined();
    expect(result.problems).toEqual([expect.objectContaining({ code: 'no-speech', file: 'notes.txt', line: 1 })]);
  });

  it('reports an empty file', () => {
    expect(importPlainTranscript('  \n\n', { file: 'e.txt', id: 'e' }).problems[0]).toMatchObject({ code: 'empty-file', line: 1 });
  });

  it('does not split sentences after abbreviations', () => {
    const result = importPlainTranscript('MR KIRBY: Mr. Smith met the U.S. President today. Dr. Jones too.', { file: 'b.txt', id: 'b' });
    expect(result.draft?.segments.map(textOf)).toEqual(['Mr. Smith met the U.S. President today.', 'Dr. Jones too.']);
  });
});
