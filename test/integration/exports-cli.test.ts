import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportCaptions } from '../../server/transcript/export/export-captions';
import { loadVienna, ROOT } from '../support/load-vienna';

/** `npm run transcript -- …` as a user runs it: the real CLI, its output and its exit code. */
function cli(...args: string[]) {
  return cliWith({}, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/cli/transcript.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const out = mkdtempSync(path.join(tmpdir(), 'boothcast-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run transcript -- check', () => {
  it('prints per language the cue count and the worst value of each rule, and exits 0 for the press conference', () => {
    const { code, out: stdout } = cli('check', 'vienna-2015-11-14');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^en: \d+ cues in WebVTT, \d+ cues in SRT; 0 violation\(s\)$/mu);
    expect(stdout).toMatch(/^ru: \d+ cues in WebVTT, \d+ cues in SRT; 0 violation\(s\)$/mu);
    expect(stdout).toMatch(/^ {2}rule +worst \(WebVTT\) +worst \(SRT\) +limit$/mu);
    expect(stdout).toMatch(/^ {2}reading-speed +\d+(\.\d+)? cps +\d+(\.\d+)? cps +≤ 20$/mu);
    expect(stdout).toMatch(/^ {2}chars-per-line +39 chars +39 chars +≤ 39$/mu);
    expect(stdout).toContain('translations: no missing, stale or orphaned translations');
    expect(stdout.trimEnd().endsWith('OK: no violations')).toBe(true);
  });

  it('lists every violation with its cue and rule, and exits 1', () => {
    const { code, out: stdout } = cli('check', 'test/fixtures/captions/too-fast.srt');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ {2}en WebVTT cue 1 at 00:00:01\.000: reading-speed: 39 characters a second; the limit is 20$/mu);
    expect(stdout).toMatch(/^FAILED: \d+ violation\(s\), 0 translation problem\(s\)$/mu);
  });

  it('checks an English-only transcript as one language, with no Russian lane to miss', () => {
    const { code, out: stdout } = cli('check', 'test/fixtures/transcripts/briefing.txt');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^en: \d+ cues in WebVTT/mu);
    expect(stdout).not.toMatch(/^ru: /mu);
    expect(stdout).toContain('translations: no missing, stale or orphaned translations');
  });

  it('counts the segments a booth\'s translation file lacks as a failure, in that booth', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'boothcast-booths-'));
    mkdirSync(path.join(dataDir, 'translations'));
    const source = 'test/fixtures/transcripts/briefing.txt';
    writeFileSync(
      path.join(dataDir, 'translations', 'briefing.fr.json'),
      JSON.stringify({
        transcript: 'briefing',
        lang: 'fr',
        segments: { 't00-s00': { source: 'Good afternoon, everybody.', text: 'Bonjour à tous.' } },
      }),
    );
    const { code, out: stdout } = cliWith({ DATA_DIR: dataDir }, 'check', source);
    rmSync(dataDir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^fr: \d+ cues in WebVTT/mu);
    expect(stdout).toMatch(/^ {2}fr t00-s01: missing: /mu);
    expect(stdout).not.toMatch(/^ {2}fr t00-s00: /mu);
  });

  it('counts missing translations named by a sidecar as a failure', () => {
    // The sidecar says the transcript is in English and Russian; no Russian translation exists.
    const { code, out: stdout } = cli('check', 'test/fixtures/transcripts/bilingual-briefing.txt');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ {2}ru t00-s00: missing: /mu);
  });
});

describe('npm run transcript -- export', () => {
  it('writes a caption file that is exactly what the server serves', () => {
    const file = path.join(out, 'press.ru.vtt');
    const { code, out: stdout } = cli('export', 'vienna-2015-11-14', '--format', 'vtt', '--lang', 'ru', '--out', file);
    expect(code).toBe(0);
    const expected = exportCaptions(loadVienna(), 'vtt', 'ru');
    if (!expected.ok) throw new Error(expected.message);
    expect(readFileSync(file, 'utf8')).toBe(expected.file.body);
    expect(stdout).toContain(`${expected.file.cues.length} cues (vienna-2015-11-14.ru.vtt)`);
  });

  it('prints to stdout without --out, and refuses a language the format has not', () => {
    expect(cli('export', 'vienna-2015-11-14', '--format', 'srt', '--lang', 'en').out).toMatch(/^1\n00:00:01,000 --> /u);
    const bad = cli('export', 'vienna-2015-11-14', '--format', 'srt', '--lang', 'both');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('lang: "both" is not a language of this transcript, one of en, ru');
  });
});

describe('npm run transcript -- import', () => {
  it('prints every problem of a bad file as file:line: message and writes nothing', () => {
    const { code, err } = cli('import', 'test/fixtures/captions/malformed.srt', '--out', out);
    expect(code).toBe(1);
    expect(err.split('\n').filter((l) => l.startsWith('test/fixtures/captions/malformed.srt:'))).toHaveLength(3);
    expect(err).toContain('3 problem(s); nothing was written.');
    expect(existsSync(path.join(out, 'malformed.json'))).toBe(false);
  });

  it('imports an SRT paired with a WebVTT file in the other language and writes the compiled transcript', () => {
    const { code, out: stdout } = cli('import', 'test/fixtures/captions/briefing.en.srt', '--pair', 'test/fixtures/captions/briefing.ru.vtt', '--out', out);
    expect(code).toBe(0);
    expect(stdout).toContain('briefing.json: 10 segments, 2 speakers');
    const written = JSON.parse(readFileSync(path.join(out, 'briefing.json'), 'utf8'));
    expect(written.languages).toEqual(['en', 'ru']);
    expect(cli('check', path.join(out, 'briefing.json')).code).toBe(0);
  });

  it('refuses an unknown speaker when the sidecar requires a known one', () => {
    const { code, err } = cli('import', 'test/fixtures/captions/unknown-speaker.vtt', '--out', out);
    expect(code).toBe(1);
    expect(err).toContain('test/fixtures/captions/unknown-speaker.vtt:6: "Mystery Guest" is not in the speaker directory (Secretary Kerry) [unknown-speaker]');
  });
});
