import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importUpload, MAX_SOURCE_BYTES, MAX_UPLOAD_FILES, type UploadFile } from '../../../server/transcript/import-upload';
import { rejoinSentences } from '../../../server/transcript/import/rejoin-sentences';
import { SpeakerResolver } from '../../../server/transcript/import/speaker-resolver';
import type { ImportProblem } from '../../../server/transcript/import/problems';
import { ROOT } from '../../support/load-vienna';

const FIXTURES = path.join(ROOT, 'test/fixtures');
const file = (name: string, lang?: 'en' | 'ru'): UploadFile => ({
  name,
  content: readFileSync(path.join(FIXTURES, name)),
  ...(lang ? { lang } : {}),
});
const where = (problems: readonly ImportProblem[]) => problems.map((p) => `${p.file}:${p.line}: ${p.code}`);

describe('rejoining sentences that run across cues', () => {
  const cue = (line: number, startMs: number, endMs: number, text: string) => ({ line, startMs, endMs, text });
  const rejoin = (cues: ReturnType<typeof cue>[]) => rejoinSentences(cues, 'a.srt', new SpeakerResolver('en'), []);

  it('spans a sentence from its first cue\'s start to its last cue\'s end', () => {
    const items = rejoin([cue(2, 1_000, 3_000, 'I have two announcements'), cue(6, 3_500, 5_000, 'at the top.')]);
    expect(items).toEqual([
      { kind: 'speech', turn: 0, speakerId: 'speaker', text: 'I have two announcements at the top.', startMs: 1_000, endMs: 5_000, line: 2 },
    ]);
  });

  it('gives a sentence that ends inside a cue a share of its time by characters', () => {
    // 20 characters, then a space, then 19: the first sentence gets 20/40 of the cue's 4 s.
    const items = rejoin([cue(2, 1_000, 5_000, 'Thanks for coming in. Now to the trip.')]);
    expect(items.map((i) => [i.kind === 'speech' && i.text, i.startMs, i.endMs])).toEqual([
      ['Thanks for coming in.', 1_000, 3_211],
      ['Now to the trip.', 3_316, 5_000],
    ]);
  });

  it('keeps the speaker of the last label for cues that name nobody, and starts a turn at each new one', () => {
    const items = rejoin([
      cue(2, 0, 2_000, 'MR PRICE: Good afternoon.'),
      cue(6, 2_000, 4_000, 'Two things today.'),
      cue(10, 4_500, 6_000, 'QUESTION: And a third?'),
      cue(14, 6_000, 8_000, '>> PRICE: No.'),
    ]);
    expect(items.map((i) => [i.speakerId, i.turn, i.line])).toEqual([
      ['price', 0, 2],
      ['price', 0, 6],
      ['question', 1, 10],
      ['price', 2, 14],
    ]);
  });
});

describe('importing SRT and WebVTT files', () => {
  it('imports a press-office SRT (byte-order mark, CRLF, labels, markup) into sentences with their real times, passing check', async () => {
    const result = await importUpload({ files: [file('captions/briefing.en.srt')] });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { transcript, check } = result;
    expect(transcript.id).toBe('briefing');
    expect(transcript.languages).toEqual(['en']);
    expect(transcript.speakers.map((s) => [s.id, s.label.en, s.short.en])).toEqual([
      ['price', 'Mr Price', 'PRICE'],
      ['question', 'Question', 'QUESTION'],
    ]);
    expect(transcript.segments.map((s) => s.text.en)).toEqual([
      'Good afternoon, everyone.',
      'Thank you for joining us today.',
      "I have two announcements at the top, and then I'll be happy to take your questions.",
      'First, the Secretary will travel to Vienna on Monday for the next round of talks.',
      'He will meet Foreign Minister Lavrov and Special Envoy de Mistura.',
      'Thank you, Ned.',
      'Will he stay in Vienna overnight?',
      "I wouldn't want to get ahead of his schedule.",
      '[laughter]',
      "We'll have more details on the trip at the end of the week.",
    ]);
    const across = transcript.segments[2];
    expect([across.startMs, across.endMs, across.line]).toEqual([4_900, 11_800, 7]);
    expect(transcript.segments[8]).toMatchObject({ kind: 'sound', sound: 'laughter', startMs: 30_600, endMs: 32_000 });
    expect(check.ok).toBe(true);
  });

  it('pairs an English and a Russian file by time, allowing for the interpreter\'s lag, into bilingual segments', async () => {
    const result = await importUpload({ files: [file('captions/briefing.en.srt'), file('captions/briefing.ru.vtt')] });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { transcript, check } = result;
    expect(transcript.languages).toEqual(['en', 'ru']);
    expect(transcript.segments.filter((s) => s.kind === 'speech').map((s) => [s.text.en, s.text.ru])).toEqual([
      ['Good afternoon, everyone.', 'Добрый день всем.'],
      ['Thank you for joining us today.', 'Спасибо, что присоединились к нам.'],
      ["I have two announcements at the top, and then I'll be happy to take your questions.", 'У меня два объявления, а затем я с удовольствием отвечу на вопросы.'],
      ['First, the Secretary will travel to Vienna on Monday for the next round of talks.', 'Во-первых, госсекретарь в понедельник отправится в Вену на следующий раунд переговоров.'],
      ['He will meet Foreign Minister Lavrov and Special Envoy de Mistura.', 'Он встретится с министром Лавровым и спецпосланником де Мистурой.'],
      ['Thank you, Ned.', 'Спасибо, Нед.'],
      ['Will he stay in Vienna overnight?', 'Он останется в Вене на ночь?'],
      ["I wouldn't want to get ahead of his schedule.", 'Не хочу опережать его график.'],
      ["We'll have more details on the trip at the end of the week.", 'Подробности о поездке мы сообщим в конце недели.'],
    ]);
    // Each language keeps its own file's times; the speakers take their Russian names from the Russian file.
    expect(transcript.segments[3].timing).toEqual({ en: { startMs: 12_400, endMs: 17_600 }, ru: { startMs: 13_600, endMs: 19_300 } });
    expect(transcript.speakers.find((s) => s.id === 'price')?.label).toEqual({ en: 'Mr Price', ru: 'Нед Прайс' });
    expect(transcript.meta.notes).toContain('captions/briefing.ru.vtt runs 1.2 s behind captions/briefing.en.srt: paired with that lag');
    expect(check.ok).toBe(true);
  });

  it('takes the source language from the options when the second file is the one spoken', async () => {
    const result = await importUpload({ files: [file('captions/briefing.ru.vtt'), file('captions/briefing.en.srt')], options: { sourceLang: 'en' } });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.transcript.segments.every((s) => s.sourceLang === 'en')).toBe(true);
  });

  it('strips HTML and decodes references, and keeps voice names', async () => {
    const result = await importUpload({ files: [file('captions/markup.vtt')] });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.transcript.segments.map((s) => s.text.en)).toEqual(['Fish & chips are served.', 'Bold claims — and underlines\u00A0too.']);
    expect(result.transcript.speakers.map((s) => s.label.en)).toEqual(['Mary & Sue']);
    expect(JSON.stringify(result.transcript)).not.toMatch(/<|&amp;|script/u);
  });

  it('gives captions that never name a speaker one unknown speaker, "Speaker"', async () => {
    const result = await importUpload({ files: [file('captions/no-labels.srt')] });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.transcript.speakers.map((s) => [s.id, s.label.en])).toEqual([['speaker', 'Speaker']]);
    expect(result.transcript.segments.map((s) => s.text.en)).toEqual([
      'Nobody in these captions is named, so one unknown speaker says all of it.',
      'Both sentences are theirs.',
    ]);
    expect(result.check.ok).toBe(true);
  });

  it('says precisely why a transcript cannot pass check: captions too fast to read', async () => {
    const result = await importUpload({ files: [file('captions/too-fast.srt')] });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.check.ok).toBe(false);
    const vtt = result.check.languages.find((l) => l.format === 'vtt')!;
    expect(vtt.violations.map((v) => [v.cue, v.rule])).toContainEqual([1, 'reading-speed']);
  });
});

describe('bad files: every problem at once, with file and line, and nothing imported', () => {
  it('reports every problem of every file in one answer', async () => {
    const result = await importUpload({ files: [file('captions/malformed.srt', 'en'), file('captions/malformed.vtt', 'ru')] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(where(result.problems)).toEqual([
      'captions/malformed.srt:6: bad-timestamp',
      'captions/malformed.srt:10: bad-timestamp',
      'captions/malformed.srt:28: bad-cue',
      'captions/malformed.vtt:1: bad-header',
      'captions/malformed.vtt:1: bad-cue',
      'captions/malformed.vtt:6: bad-timestamp',
      'captions/malformed.vtt:9: bad-timestamp',
    ]);
  });

  it('rejects a speaker the directory does not know when it requires one', async () => {
    const sidecar = JSON.parse(readFileSync(path.join(FIXTURES, 'captions/unknown-speaker.json'), 'utf8'));
    const result = await importUpload({ files: [file('captions/unknown-speaker.vtt')], options: { speakers: sidecar.speakers, requireKnownSpeakers: true } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { code: 'unknown-speaker', file: 'captions/unknown-speaker.vtt', line: 6, message: '"Mystery Guest" is not in the speaker directory (Secretary Kerry)' },
    ]);
    const lenient = await importUpload({ files: [file('captions/unknown-speaker.vtt')], options: { speakers: sidecar.speakers } });
    expect(lenient.ok && lenient.transcript.speakers.map((s) => s.id)).toEqual(['kerry', 'mystery-guest']);
  });

  it('rejects a file over the size limit and an unsupported extension without reading them', async () => {
    const big = { name: 'huge.srt', content: 'x'.repeat(MAX_SOURCE_BYTES + 1) };
    const result = await importUpload({ files: [big, file('captions/not-captions.docx')] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.file, p.code])).toEqual([
      ['huge.srt', 'too-large'],
      ['captions/not-captions.docx', 'unsupported-format'],
    ]);
    expect(result.problems[0].message).toBe(`the file is ${MAX_SOURCE_BYTES + 1} bytes; the limit is ${MAX_SOURCE_BYTES}`);
  });

  it('rejects text that is not UTF-8, two files in one language, and more files than booths', async () => {
    const latin1 = await importUpload({ files: [{ name: 'a.srt', content: Uint8Array.from([0x31, 0x0a, 0xe9, 0xff]) }] });
    expect(!latin1.ok && latin1.problems.map((p) => p.code)).toEqual(['bad-encoding']);
    const twins = await importUpload({ files: [file('captions/briefing.en.srt'), file('captions/no-labels.srt', 'en')] });
    expect(!twins.ok && twins.problems.map((p) => p.message)).toEqual([
      'captions/briefing.en.srt and this file are both in "en"; give one file per language (name them talk.en.srt, talk.fr.srt…)',
    ]);
    const seven = await importUpload({ files: Array.from({ length: MAX_UPLOAD_FILES + 1 }, () => file('captions/briefing.en.srt')) });
    expect(!seven.ok && seven.problems.map((p) => p.code)).toEqual(['too-many-files']);
  });
});

describe('plain press-office transcripts through the same entry point', () => {
  it('imports any transcript in the style of the seed, not only the seed', async () => {
    const result = await importUpload({ files: [file('transcripts/briefing.txt')], options: { languages: ['en'] } });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { transcript } = result;
    expect(transcript.meta).toMatchObject({ title: 'Department Press Briefing', place: 'Washington, Dc', date: '2016-03-03' });
    expect(transcript.speakers.map((s) => s.id)).toEqual(['toner', 'question']);
    expect(transcript.segments.map((s) => (s.kind === 'sound' ? `[${s.sound}]` : s.text.en))).toEqual([
      'Good afternoon, everybody.',
      "Just one thing at the top, and then I'll take your questions.",
      'The Secretary will be in Geneva on Thursday for talks on Syria.',
      'Mark, can you say who he will meet there?',
      'He will meet Foreign Minister Lavrov and the UN Special Envoy.',
      '[laughter]',
      "I'm sure it will be a long meeting.",
      'Thank you.',
    ]);
    expect(result.check.ok).toBe(true);
  });

  it('reports a plain transcript without speaker labels', async () => {
    const result = await importUpload({ files: [{ name: 'notes.txt', content: 'Just some notes.\n\nNo speakers here.' }] });
    expect(!result.ok && result.problems.map((p) => [p.file, p.line, p.code])).toEqual([['notes.txt', 1, 'no-speech']]);
  });
});
