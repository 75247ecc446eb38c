import { afterEach, describe, expect, it } from 'vitest';
import { ImportRunner, type ImportLimits } from '../../server/transcript/worker/import-runner';
import type { ImportJob } from '../../server/transcript/worker/import-job';

/**
 * The runner's limits on real worker threads: an import that runs over its budget, one that
 * outgrows its heap, one past the queue, and one in progress when the server closes.
 */
const runners: ImportRunner[] = [];
function runner(limits: Partial<ImportLimits>): ImportRunner {
  const made = new ImportRunner({ timeBudgetMs: 60_000, memoryMb: 512, running: 1, waiting: 0, ...limits });
  runners.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.close()));
});

/** Two megabytes of `"a "`: every break forbidden, a cue a word, more than a million violations to check. */
const heavy: ImportJob = {
  kind: 'upload',
  files: [{ name: 'heavy.srt', content: `1\n00:00:01,000 --> 00:10:00,000\n${'"a '.repeat(690_000)}\n` }],
  check: true,
};
const small: ImportJob = { kind: 'upload', files: [{ name: 'small.srt', content: '1\n00:00:01,000 --> 00:00:03,000\nKERRY: Thank you.\n' }], check: false };

describe('import runner', () => {
  it('imports a small file in a worker', async () => {
    const outcome = await runner({}).run(small);
    expect(outcome).toMatchObject({ ok: true, transcript: { segments: [{ text: { en: 'Thank you.' } }] } });
  });

  it('stops an import that runs over its time budget and says so', async () => {
    const outcome = await runner({ timeBudgetMs: 300 }).run(heavy);
    expect(outcome).toEqual({ ok: false, refused: 'time', message: 'the import took longer than 0.3 s, the most one may take' });
  });

  it('stops an import that outgrows its heap and says so, then serves the next with a fresh worker', async () => {
    const r = runner({ memoryMb: 96 });
    expect(await r.run(heavy)).toMatchObject({ ok: false, refused: 'memory', message: expect.stringContaining('96 MiB') });
    expect(await r.run(small)).toMatchObject({ ok: true });
  });

  it('refuses an import beyond the running and waiting ones as busy', async () => {
    const r = runner({ running: 1, waiting: 0 });
    const first = r.run(heavy);
    expect(await r.run(small)).toMatchObject({ ok: false, refused: 'busy' });
    await r.close();
    expect(await first).toMatchObject({ ok: false, refused: 'closed' });
  });
});
