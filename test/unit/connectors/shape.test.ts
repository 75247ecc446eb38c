import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../server/connectors/delivery';
import { maskUrl, NewOutputSchema } from '../../../server/connectors/outputs';
import { obsRows, signBody, youtubeTimestamp } from '../../../server/connectors/platforms';
import { captionPieces, packLines, TEAMS_MAX_LINE } from '../../../server/connectors/shape';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('Teams lines', () => {
  it('cuts long text into lines of 80 to 120 characters at spaces, keeping every word once', () => {
    const text = words(80);
    const { lines, rest } = packLines(text, false);
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(TEAMS_MAX_LINE);
      expect(line.length).toBeGreaterThanOrEqual(80);
    }
    expect([...lines, rest].filter(Boolean).join(' ')).toBe(text);
  });

  it('holds a short remainder until more words come, and sends it when told the turn ended', () => {
    expect(packLines('Thank you.', false)).toEqual({ lines: [], rest: 'Thank you.' });
    expect(packLines('Thank you.', true)).toEqual({ lines: ['Thank you.'], rest: '' });
  });

  it('cuts a word longer than a line where it must', () => {
    const { lines } = packLines('x'.repeat(250), true);
    expect(lines.map((l) => l.length)).toEqual([120, 120, 10]);
  });
});

describe('line platforms', () => {
  it('splits a long sentence into pieces of at most two lines, due in order within its time', () => {
    const text = 'Can I just mention one thing to build on what Sergey said quickly, though not asked, but I think it is important for all of us here today.';
    const segment = { index: 3, id: 's3', turn: 1, speakerId: 'k', sourceLang: 'en', kind: 'speech' as const, text: { en: text }, startMs: 1_000, endMs: 9_000, timing: {} };
    const pieces = captionPieces(segment, 'en', 0, []);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.map((p) => p.text).join(' ')).toBe(text);
    for (const p of pieces) {
      expect(p.lines.length).toBeLessThanOrEqual(2);
      for (const line of p.lines) expect(line.length).toBeLessThanOrEqual(42);
    }
    expect(pieces.map((p) => p.startMs)).toEqual([...pieces.map((p) => p.startMs)].sort((a, b) => a - b));
    expect(pieces[0].turnStart).toBe(true);
    expect(pieces.slice(1).every((p) => !p.turnStart)).toBe(true);
    expect(captionPieces(segment, 'ru', 0, [])).toEqual([]);
  });

  it('OBS rows hold at most 32 characters (CEA-608)', () => {
    const rows = obsRows('Permettez-moi d’ajouter vite une chose à ce qu’a dit Sergueï ; on ne me l’a pas demandé.');
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(32);
    expect(rows.join(' ')).toBe('Permettez-moi d’ajouter vite une chose à ce qu’a dit Sergueï ; on ne me l’a pas demandé.');
  });

  it('YouTube timestamps are UTC with milliseconds and no zone', () => {
    expect(youtubeTimestamp(Date.UTC(2026, 11, 4, 5, 27, 20, 7))).toBe('2026-12-04T05:27:20.007');
  });

  it('the webhook signature is the HMAC-SHA256 of the raw body', () => {
    // RFC 4231 test case 2.
    expect(signBody('Jefe', 'what do ya want for nothing?')).toBe('sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});

describe('retries', () => {
  it('double from the base to the cap, with jitter between half and all of it', () => {
    const options = { timeoutMs: 1_000, backoffBaseMs: 100, backoffCapMs: 1_000 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, options, () => 1))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(backoffDelay(3, options, () => 0)).toBe(200);
  });
});

describe('settings', () => {
  it('names the field that is wrong', () => {
    const result = NewOutputSchema.safeParse({ type: 'obs', lang: 'en', url: 'http://127.0.0.1:4455' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['url']);
    expect(NewOutputSchema.safeParse({ type: 'teams', lang: 'en', url: 'https://x.example/c', token: 'extra' }).success).toBe(false);
  });

  it('shows an address only by its host and last four characters', () => {
    expect(maskUrl('https://wmcc.zoom.us/closedcaption?id=123&signature=abcdWXYZ')).toBe('wmcc.zoom.us/…WXYZ');
  });
});
