import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranscriptLibrary } from '../../server/rooms/transcript-library';
import { TranscriptSchema } from '../../server/transcript/model';
import { uploadsDir } from '../../server/transcript/store';
import { ROOT } from '../support/load-vienna';

/**
 * `npm run -s transcript -- import …` as a user runs it: npm itself, the real CLI, a state
 * directory of its own, and the bundled data/ watched to stay exactly as it was.
 */
const work = mkdtempSync(path.join(tmpdir(), 'boothcast-import-cli-'));
const stateDir = path.join(work, 'state');

function npm(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync('npm', ['run', '-s', 'transcript', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, STATE_DIR: stateDir, ...env },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Every file under data/ with a hash of its bytes and its modification time. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = path.join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(ROOT, full)] = `${createHash('sha256').update(readFileSync(full)).digest('hex')} ${statSync(full).mtimeMs}`;
    }
  };
  walk(dir);
  return files;
}

let dataBefore: Record<string, string>;
beforeAll(() => {
  dataBefore = snapshot(path.join(ROOT, 'data'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const uploaded = (id: string) => path.join(uploadsDir(stateDir), `${id}.json`);

// Each spawn is npm, tsx and an import worker: seconds apiece on a loaded machine.
describe('npm run -s transcript -- import: where files land', { timeout: 180_000 }, () => {
  it('writes to STATE_DIR, where the server keeps uploaded transcripts, and the server reads it from there as an upload (not offered on the home page)', () => {
    const { code, out, err } = npm(['import', 'test/fixtures/transcripts/state-briefing.txt']);
    expect(code, err).toBe(0);
    expect(out.trim()).toBe(`${uploaded('state-briefing')}: 12 segments, 2 speakers, en, 0.7 min`);
    const library = new TranscriptLibrary(path.join(ROOT, 'data/transcripts'), uploadsDir(stateDir));
    const transcript = library.get('state-briefing');
    expect(transcript?.meta.title).toBe('Department Press Briefing');
    expect(transcript?.languages).toEqual(['en']);
    expect(library.isUploaded('state-briefing')).toBe(true);
    expect(snapshot(path.join(ROOT, 'data'))).toEqual(dataBefore);
  });

  it('--out <file.json> writes that file; --out <dir> writes <id>.json in it', () => {
    const file = path.join(work, 'out', 'mine.json');
    expect(npm(['import', 'test/fixtures/captions/real/archive-briefing.en.srt', '--out', file]).code).toBe(0);
    expect(TranscriptSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).id).toBe('archive-briefing');
    const dir = path.join(work, 'dir');
    expect(npm(['import', 'test/fixtures/captions/real/archive-briefing.en.srt', '--out', dir]).code).toBe(0);
    expect(existsSync(path.join(dir, 'archive-briefing.json'))).toBe(true);
  });

  it('--bundle writes into DATA_DIR/transcripts, and only with it', () => {
    const dataDir = path.join(work, 'data');
    const { code, err } = npm(['import', 'test/fixtures/captions/real/archive-briefing.en.srt', '--bundle'], { DATA_DIR: dataDir });
    expect(code, err).toBe(0);
    expect(existsSync(path.join(dataDir, 'transcripts', 'archive-briefing.json'))).toBe(true);
    const both = npm(['import', 'test/fixtures/captions/real/archive-briefing.en.srt', '--bundle', '--out', work]);
    expect(both.code).toBe(2);
    expect(snapshot(path.join(ROOT, 'data'))).toEqual(dataBefore);
  });
});

describe('npm run -s transcript -- import: exit codes and output', { timeout: 180_000 }, () => {
  it('--out - prints the compiled transcript and nothing else on standard output; warnings go to standard error with file and line', () => {
    const { code, out, err } = npm(['import', 'test/fixtures/captions/real/youtube-auto.en.srt', '--out', '-']);
    expect(code, err).toBe(0);
    const transcript = TranscriptSchema.parse(JSON.parse(out));
    expect(transcript.id).toBe('youtube-auto');
    expect(out.trimEnd().endsWith('}')).toBe(true);
    expect(err).toContain('test/fixtures/captions/real/youtube-auto.en.srt:10: warning: the cue started 80 ms before the cue at line 6 ended');
    expect(err).toContain('[music-cue]');
    expect(existsSync(uploaded('youtube-auto'))).toBe(false);
  });

  it('a file that cannot be imported: exit 1, every problem with file and line, nothing written anywhere', () => {
    const { code, out, err } = npm(['import', 'test/fixtures/captions/real/long-overlap.en.srt']);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('test/fixtures/captions/real/long-overlap.en.srt:6: the cue starts at 00:00:04.000, 1000 ms before the cue at line 2 ends');
    expect(err).toContain('1 problem(s); nothing was written.');
    expect(existsSync(uploaded('long-overlap'))).toBe(false);
  });

  it('a house-style violation: exit 1 and nothing written; --allow-violations writes it and exits 0', () => {
    const refused = npm(['import', 'test/fixtures/captions/too-fast.srt']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/reading-speed/u);
    expect(refused.err).toContain('Nothing was written.');
    expect(existsSync(uploaded('too-fast'))).toBe(false);
    const allowed = npm(['import', 'test/fixtures/captions/too-fast.srt', '--allow-violations']);
    expect(allowed.code, allowed.err).toBe(0);
    expect(existsSync(uploaded('too-fast'))).toBe(true);
    expect(npm(['check', 'test/fixtures/captions/too-fast.srt']).code).toBe(1);
    expect(npm(['check', 'test/fixtures/captions/too-fast.srt', '--allow-violations']).code).toBe(0);
  });

  it('bad usage exits 2', () => {
    expect(npm(['import']).code).toBe(2);
    expect(npm(['import', 'a.srt', '--no-such-flag']).code).toBe(2);
  });

  it('leaves the bundled data/ exactly as it was', () => {
    expect(snapshot(path.join(ROOT, 'data'))).toEqual(dataBefore);
  });
});
