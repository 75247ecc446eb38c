import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importSourceFiles } from '../../../server/transcript/import-file';
import { compileUpload, type CompiledUpload } from '../../../server/transcript/import-upload';
import { renameSpeakers } from '../../../server/transcript/import/speaker-names';
import { MAX_CLAMPED_OVERLAP_MS } from '../../../server/transcript/import/caption-file';
import type { Transcript } from '../../../server/transcript/model';
import { ROOT } from '../../support/load-vienna';

/** Fixtures written to look like real exports (each file says what it imitates in test/fixtures/captions/real/README.md). */
const REAL = path.join(ROOT, 'test/fixtures/captions/real');
const upload = (...names: string[]) =>
  compileUpload({ files: names.map((name) => ({ name: path.basename(name), content: readFileSync(path.join(REAL, name)) })) });

function transcriptOf(result: CompiledUpload): Transcript & { warnings: string[] } {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return { ...result.transcript, warnings: result.warnings.map((w) => `${w.file}:${w.line}: ${w.code}`) };
}
const texts = (t: Transcript, lang = t.languages[0]) => t.segments.filter((s) => s.kind === 'speech').map((s) => s.text[lang]);
const speakersOf = (t: Transcript) => t.segments.filter((s) => s.kind === 'speech').map((s) => s.speakerId);

describe('real exports: what is changed to read them is said, with file and line', () => {
  it("YouTube's automatic captions: overlaps of 80, 1 and 490 ms clamped, [Music] left out, [Applause] a sound", async () => {
    const t = transcriptOf(await upload('youtube-auto.en.srt'));
    expect(t.warnings).toEqual([
      'youtube-auto.en.srt:2: music-cue',
      'youtube-auto.en.srt:10: overlap-clamped',
      'youtube-auto.en.srt:14: overlap-clamped',
      'youtube-auto.en.srt:26: overlap-clamped',
    ]);
    expect(t.languages).toEqual(['en']);
    // Sentences as the captions have them: no capital after a full stop, so no sentence break either.
    expect(t.segments.map((s) => (s.kind === 'sound' ? `[${s.sound}]` : s.text.en))).toEqual([
      'good afternoon everyone thanks for coming today we have a lot to get through. the minister will take questions after the statement.',
      '[applause]',
      'we will start with the talks in geneva. they went on until late in the evening.',
    ]);
    // The clamped cue starts where the one before it ends: no sentence starts before the previous one ended.
    const speech = t.segments.filter((s) => s.kind === 'speech');
    for (let i = 1; i < speech.length; i++) expect(speech[i].startMs).toBeGreaterThanOrEqual(speech[i - 1].startMs);
  });

  it('an overlap of exactly the clamped limit is a warning; one millisecond more is an error and nothing is imported', async () => {
    const file = (overlapMs: number) => {
      const start = 5_000 - overlapMs;
      const stamp = `00:00:0${Math.floor(start / 1000)},${String(start % 1000).padStart(3, '0')}`;
      return `1\n00:00:01,000 --> 00:00:05,000\nWe met in Vienna.\n\n2\n${stamp} --> 00:00:08,000\nWe agreed on a process.\n`;
    };
    const atLimit = await compileUpload({ files: [{ name: 'talk.en.srt', content: file(MAX_CLAMPED_OVERLAP_MS) }] });
    expect(atLimit.ok && atLimit.warnings.map((w) => [w.line, w.code, w.values?.ms])).toEqual([[6, 'overlap-clamped', MAX_CLAMPED_OVERLAP_MS]]);
    const over = await compileUpload({ files: [{ name: 'talk.en.srt', content: file(MAX_CLAMPED_OVERLAP_MS + 1) }] });
    expect(!over.ok && over.problems.map((p) => [p.file, p.line, p.code])).toEqual([['talk.en.srt', 6, 'overlapping-cues']]);
    const long = await upload('long-overlap.en.srt');
    expect(!long.ok && long.problems.map((p) => p.message)).toEqual([
      'the cue starts at 00:00:04.000, 1000 ms before the cue at line 2 ends (00:00:05.000); overlaps of up to 500 ms are clamped, longer ones are not',
    ]);
  });

  it('negative and reversed times stay errors', async () => {
    const reversed = await compileUpload({ files: [{ name: 'a.en.srt', content: '1\n00:00:05,000 --> 00:00:02,000\nBackwards.\n' }] });
    expect(!reversed.ok && reversed.problems.map((p) => [p.line, p.code])).toContainEqual([2, 'bad-timestamp']);
    const negative = await compileUpload({ files: [{ name: 'a.en.srt', content: '1\n-00:00:01,000 --> 00:00:02,000\nBefore the start.\n' }] });
    expect(negative.ok).toBe(false);
    expect(!negative.ok && negative.problems.map((p) => [p.line, p.code])).toContainEqual([2, 'bad-timestamp']);
  });

  it("Amara's export: <i> and <b> removed, dialogue dashes are two turns, an empty cue left out, cue numbers out of order said", async () => {
    const t = transcriptOf(await upload('amara.fr.srt'));
    expect(t.languages).toEqual(['fr']);
    expect(t.warnings).toEqual(['amara.fr.srt:3: formatting-removed', 'amara.fr.srt:14: cue-number', 'amara.fr.srt:15: empty-cue']);
    expect(texts(t)).toEqual(['Bonjour à toutes et à tous.', 'Nous commençons par la situation en Syrie.', 'Avez-vous un calendrier ?', 'Pas encore.', 'Merci pour vos questions.']);
    const turns = t.segments.map((s) => s.turn);
    // The question and its answer are two turns (the cue after them names nobody: the answer goes on).
    expect(turns).toEqual([0, 0, 1, 2, 2]);
  });

  it("a broadcast archive's SRT: byte-order mark, CRLF, >> and >> NAME: speaker changes, NAME: labels, {\\an8} and <font> removed, a 1 ms overlap clamped", async () => {
    const raw = readFileSync(path.join(REAL, 'archive-briefing.en.srt'), 'utf8');
    expect(raw.startsWith('\uFEFF') && raw.includes('\r\n')).toBe(true);
    const t = transcriptOf(await upload('archive-briefing.en.srt'));
    expect(t.warnings).toEqual(['archive-briefing.en.srt:8: formatting-removed', 'archive-briefing.en.srt:11: overlap-clamped']);
    expect(texts(t)).toEqual([
      'Good afternoon, everybody.',
      'I have one announcement at the top.',
      'The Secretary travels to Vienna tomorrow.',
      'Will he meet Foreign Minister Lavrov?',
      'He will, on Saturday.',
      'And the envoy?',
      'Yes, the envoy too.',
    ]);
    expect(speakersOf(t)).toEqual(['kirby', 'kirby', 'kirby', 'speaker', 'kirby', 'question', 'kirby']);
    expect(JSON.stringify(t)).not.toMatch(/\\an8|<font|>>/u);
  });

  it('a Windows tool\'s UTF-16LE file with a byte-order mark and CRLF, and a UTF-16BE file with CR line ends', async () => {
    const ru = transcriptOf(await upload('windows-tool.ru.srt'));
    expect(ru.warnings).toEqual(['windows-tool.ru.srt:1: utf16', 'windows-tool.ru.srt:10: overlap-clamped']);
    const marked = await upload('windows-tool.ru.srt', 'classic-mac.de.srt');
    expect(marked.ok && marked.warnings.filter((w) => w.code === 'utf16').map((w) => w.message)).toEqual([
      'the file is UTF-16LE (it starts with that byte-order mark): read as such',
      'the file is UTF-16BE (it starts with that byte-order mark): read as such',
    ]);
    expect(texts(ru)).toEqual(['Добрый день всем.', 'У меня одно объявление.', 'Госсекретарь завтра летит в Вену.']);
    expect(ru.speakers.map((s) => s.label.ru)).toEqual(['Господин Кирби']);
    const de = transcriptOf(await upload('classic-mac.de.srt'));
    expect(de.languages).toEqual(['de']);
    expect(de.warnings).toEqual(['classic-mac.de.srt:1: utf16']);
    expect(texts(de)).toEqual(['Guten Tag allerseits.', 'Ich habe eine Ankündigung.']);
  });

  it('UTF-16 without a byte-order mark is told by its zero bytes, in either byte order; other bytes that are not UTF-8 are refused', async () => {
    const text = '1\n00:00:01,000 --> 00:00:02,000\nДобрый день.\n';
    const le = await compileUpload({ files: [{ name: 'no-bom.ru.srt', content: Buffer.from(text, 'utf16le') }] });
    expect(le.ok && le.transcript.segments.map((s) => s.kind === 'speech' && s.text.ru)).toEqual(['Добрый день.']);
    expect(le.ok && le.warnings.map((w) => [w.code, w.values?.encoding])).toEqual([['utf16', 'UTF-16LE']]);
    const be = await compileUpload({ files: [{ name: 'no-bom.ru.srt', content: Buffer.from(text, 'utf16le').swap16() }] });
    expect(be.ok && be.transcript.segments.map((s) => s.kind === 'speech' && s.text.ru)).toEqual(['Добрый день.']);
    const latin1 = await compileUpload({ files: [{ name: 'latin1.fr.srt', content: Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nD\xe9j\xe0.\n', 'latin1') }] });
    expect(!latin1.ok && latin1.problems.map((p) => [p.file, p.code])).toEqual([['latin1.fr.srt', 'bad-encoding']]);
  });

  it('a WebVTT file with position settings, voice tags, [NAME] and NAME: labels and music', async () => {
    const t = transcriptOf(await upload('position-voices.en.vtt'));
    expect(t.warnings).toEqual(['position-voices.en.vtt:11: formatting-removed', 'position-voices.en.vtt:13: overlap-clamped', 'position-voices.en.vtt:16: music-cue']);
    expect(texts(t)).toEqual(['Good afternoon.', 'We begin with Syria.', 'Is there a date for the talks?', 'We shall overcome', 'Not yet, but soon.']);
    expect(speakersOf(t)).toEqual(['john-kirby', 'john-kirby', 'question', 'question', 'john-kirby']);
    expect(t.speakers.map((s) => s.label.en)).toEqual(['John Kirby', 'Question']);
  });
});

describe('one file per booth, any language tag in the file name, make one transcript', () => {
  it('en, fr, ar and pt-BR files: four languages in file order, each sentence in each, each speaker named in each', async () => {
    const t = transcriptOf(await upload('booths/talk.en.srt', 'booths/talk.fr.srt', 'booths/talk.ar.vtt', 'booths/talk.pt-BR.srt'));
    expect(t.id).toBe('talk');
    expect(t.languages).toEqual(['en', 'fr', 'ar', 'pt-BR']);
    expect(t.warnings).toEqual([]);
    expect(texts(t, 'fr')).toEqual(['Bonjour à toutes et à tous.', 'Les pourparlers de Vienne se sont prolongés tard.', 'Se réuniront-ils de nouveau ?']);
    expect(texts(t, 'ar')).toEqual(['مساء الخير جميعاً.', 'استمرت المحادثات في فيينا حتى وقت متأخر.', 'هل سيجتمعون مرة أخرى؟']);
    expect(texts(t, 'pt-BR')).toEqual(['Boa tarde a todos.', 'As conversas em Viena se estenderam até tarde.', 'Eles vão se reunir de novo?']);
    const kirby = t.speakers.find((s) => s.id === 'kirby')!;
    expect(kirby.label).toEqual({ en: 'Mr Kirby', fr: 'M. Kirby', ar: 'السيد كيربي', 'pt-BR': 'Sr. Kirby' });
    // In the transcript's order of languages, as a client lists them.
    expect(Object.keys(kirby.label)).toEqual(t.languages);
  });

  it('a pair of files is the same with two', async () => {
    const t = transcriptOf(await upload('booths/talk.en.srt', 'booths/talk.ar.vtt'));
    expect(t.languages).toEqual(['en', 'ar']);
    expect(texts(t, 'ar')).toHaveLength(3);
  });
});

describe('a plain transcript in one language is a room in one language, titled by its heading', () => {
  const briefing = () =>
    compileUpload({ files: [{ name: 'state-briefing.txt', content: readFileSync(path.join(ROOT, 'test/fixtures/transcripts/state-briefing.txt')) }] });

  it('a State Department briefing: its heading as the title (not the date, not "2:01 p.m. EDT"), English only, its speakers', async () => {
    const t = transcriptOf(await briefing());
    expect(t.meta.title).toBe('Department Press Briefing');
    expect(t.languages).toEqual(['en']);
    for (const segment of t.segments.filter((s) => s.kind === 'speech')) expect(Object.keys(segment.text)).toEqual(['en']);
    expect(JSON.stringify(t.speakers)).not.toMatch(/\p{Script=Cyrillic}/u);
    expect(t.speakers.map((s) => [s.id, s.label])).toEqual([
      ['kirby', { en: 'Mr Kirby' }],
      ['question', { en: 'Question' }],
    ]);
    expect(t.segments.filter((s) => s.kind === 'sound').map((s) => s.kind === 'sound' && s.sound)).toEqual(['laughter', 'laughter']);
    // The closing note is not speech.
    expect(texts(t).at(-1)).toBe('All right, thank you, everybody.');
  });

  it('a `# ` heading is the title wherever it is in the header; with none, the first line that is neither a date nor a time', async () => {
    const title = async (header: string) => {
      const result = await compileUpload({ files: [{ name: 'x.txt', content: `${header}\n\nMR KIRBY: Good afternoon.\n` }] });
      return result.ok ? result.transcript.meta.title : JSON.stringify(result.problems);
    };
    expect(await title('2:01 p.m. EDT\n\n# Daily Press Briefing')).toBe('Daily Press Briefing');
    expect(await title('November 14, 2015\n\n2:01 p.m. EDT\n\nBriefing on Syria\nWashington, DC')).toBe('Briefing on Syria');
    expect(await title('Saturday, 14 November 2015\n14:05\n2015-11-14\nTalks in Vienna')).toBe('Talks in Vienna');
    expect(await title('2:01 p.m. EDT')).toBe('x');
  });

  it('a transcript in Russian is a Russian room; its script says so', async () => {
    const result = await compileUpload({ files: [{ name: 'brif.txt', content: 'Брифинг\n\nГОСПОДИН КИРБИ: Добрый день.\n' }] });
    expect(result.ok && result.transcript.languages).toEqual(['ru']);
  });
});

describe("the presenter's names for speakers", () => {
  it('replace the label in the first language, and in others that had the same untranslated text', async () => {
    const t = transcriptOf(await upload('booths/talk.en.srt', 'booths/talk.fr.srt'));
    const renamed = renameSpeakers(t, { kirby: 'John Kirby, spokesperson' }, 'talk.en.srt');
    if (!renamed.ok) throw new Error(JSON.stringify(renamed.problems));
    const kirby = renamed.transcript.speakers.find((s) => s.id === 'kirby')!;
    expect(kirby.label).toMatchObject({ en: 'John Kirby, spokesperson', fr: 'M. Kirby' });
    const question = renamed.transcript.speakers.find((s) => s.id === 'question')!;
    expect(question.label).toMatchObject({ en: 'Question', fr: 'Question' });
    const both = renameSpeakers(t, { question: 'Journalist' }, 'talk.en.srt');
    expect(both.ok && both.transcript.speakers.find((s) => s.id === 'question')!.label).toMatchObject({ en: 'Journalist', fr: 'Journalist' });
  });

  it('a name for a speaker the transcript does not have is a problem naming the field', async () => {
    const t = transcriptOf(await upload('booths/talk.en.srt'));
    const renamed = renameSpeakers(t, { lavrov: 'Sergey Lavrov' }, 'talk.en.srt');
    expect(!renamed.ok && renamed.problems.map((p) => p.message)).toEqual(['speakerNames.lavrov: the transcript has no speaker "lavrov"']);
  });
});

describe('a plain transcript from disk (the CLI): UTF-16, and its language from its name or its script', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'boothcast-plain-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a UTF-16LE transcript with a byte-order mark as Russian from its script, and says it was UTF-16', async () => {
    const file = path.join(dir, 'brifing.txt');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# Брифинг\r\n\r\nГОСПОДИН КИРБИ: Добрый день.\r\n', 'utf16le')]));
    const imported = await importSourceFiles(file);
    expect(imported.transcript.languages).toEqual(['ru']);
    expect(imported.transcript.meta.title).toBe('Брифинг');
    expect(imported.warnings.map((w) => w.code)).toEqual(['utf16']);
  });

  it('takes the language from the file name, whatever its letters: a transliterated briefing.ru.txt is Russian', async () => {
    const file = path.join(dir, 'brifing.ru.txt');
    writeFileSync(file, 'Brifing\n\nGOSPODIN KIRBI: Dobryi den.\n');
    const imported = await importSourceFiles(file);
    expect(imported.transcript.languages).toEqual(['ru']);
    expect(imported.transcript.meta.title).toBe('Brifing');
  });
});
