import { describe, expect, it } from 'vitest';
import { exportCaptions } from '../../../server/transcript/export/export-captions';
import { loadVienna } from '../../support/load-vienna';

const vienna = loadVienna();
const srt = (lang: 'en' | 'ru') => {
  const result = exportCaptions(vienna, 'srt', lang);
  if (!result.ok) throw new Error(result.message);
  return result.file;
};

describe('SRT export', () => {
  it('numbers cues from 1 with HH:MM:SS,mmm times and a blank line between cues', () => {
    const { body, fileName, contentType } = srt('en');
    expect(fileName).toBe('vienna-2015-11-14.en.srt');
    expect(contentType).toBe('application/x-subrip; charset=utf-8');
    const blocks = body.trimEnd().split('\n\n');
    expect(blocks[0]).toBe('1\n00:00:01.000 --> 00:00:05.675'.replace(/\./gu, ',') + '\n>> KERRY: Can I just mention on thing\nto build on what Sergey said quickly,');
    blocks.forEach((block, i) => {
      const [n, timing] = block.split('\n');
      expect(n).toBe(String(i + 1));
      expect(timing).toMatch(/^\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}$/u);
    });
  });

  it('starts each turn with >> SURNAME: in English and >> ФАМИЛИЯ: in Russian', () => {
    const en = srt('en').cues.map((c) => c.payload);
    const ru = srt('ru').cues.map((c) => c.payload);
    const turns = (payloads: string[]) => payloads.filter((p) => p.startsWith('>> ')).map((p) => p.slice(0, p.indexOf(':') + 1));
    expect(turns(en).slice(0, 4)).toEqual(['>> KERRY:', '>> KIRBY:', '>> QUESTION:', '>> KERRY:']);
    expect(turns(ru).slice(0, 4)).toEqual(['>> КЕРРИ:', '>> КИРБИ:', '>> ВОПРОС:', '>> КЕРРИ:']);
    expect(turns(en)).toHaveLength(new Set(vienna.segments.map((s) => s.turn)).size);
  });

  it('gives sound labels cues of their own', () => {
    const payloads = srt('ru').cues.map((c) => c.payload);
    expect(payloads).toContain('[смех]');
    expect(payloads).toContain('>> ВОПРОС: [говорит по-русски]');
  });

  it('is UTF-8 text without markup', () => {
    const { body } = srt('ru');
    expect(Buffer.from(body, 'utf8').toString('utf8')).toBe(body);
    expect(body).not.toMatch(/<[a-z/]/u);
  });
});
