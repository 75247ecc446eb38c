import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DENSE_TRANSCRIPT_ID, denseTranscript } from '../../bench/lib/dense-transcript';
import type { Application } from '../../server/app';
import { TranscriptSchema } from '../../server/transcript/model';
import { DocClient, historyProblems, wireProblems, type HistoryEntry } from '../support/doc-client';
import type { Clock, Seg } from '../support/doc-viewer';
import { ROOT } from '../support/load-vienna';
import { startApp, waitFor } from '../support/start-app';
import { StallingViewer } from '../support/stalling-viewer';

/** 5× real time: the replay's clock runs five times faster than the wall clock. */
const SPEED = 5;
/** The longest lookahead: captions leave 10 s of media (2 s of wall clock) before they are due. */
const LOOKAHEAD_MS = 10_000;
/**
 * The press conference re-timed to a caption every 25 ms of media, 45 times over, each text six
 * times as long (in its four booths; twelve times when it had two): about 1.3 MB a second of room messages at this speed, for 20 s, so a viewer that
 * stops reading fills the kernel's buffers of its connection (some MB on loopback) within seconds
 * and then backs up in the server.
 */
const DENSE = { segmentMs: 20, gapMs: 5, repeat: 45, firstStartMs: 500 };
const TEXT_REPEAT = 6;
/**
 * The limit, scaled with the stream: the default 64 KiB is about a minute of a real room's
 * messages, but 50 ms of this one, and a busy test machine pauses a process that long, which would
 * skip the viewers that do read. 1 MiB is under a second of this stream (SLOW_VIEWER_BYTES sets it).
 */
const LIMIT_BYTES = 1024 * 1024;

let app: Application | undefined;
const closers: (() => void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await app?.close();
  app = undefined;
});

function denseDataDir(): { dataDir: string; segments: number; largestSegmentBytes: number } {
  const source = TranscriptSchema.parse(JSON.parse(readFileSync(path.join(ROOT, 'data', 'transcripts', 'vienna-2015-11-14.json'), 'utf8')));
  const retimed = denseTranscript(source, DENSE);
  const longer = (text: Partial<Record<string, string>>) => Object.fromEntries(Object.entries(text).map(([lang, t]) => [lang, Array(TEXT_REPEAT).fill(t).join(' ')]));
  const dense = TranscriptSchema.parse({ ...retimed, segments: retimed.segments.map((s) => ({ ...s, text: longer(s.text) })) });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'boothcast-slow-viewer-'));
  mkdirSync(path.join(dataDir, 'transcripts'));
  writeFileSync(path.join(dataDir, 'transcripts', `${DENSE_TRANSCRIPT_ID}.json`), JSON.stringify(dense));
  return { dataDir, segments: dense.segments.length, largestSegmentBytes: Math.max(...dense.segments.map((s) => Buffer.byteLength(JSON.stringify(s)))) };
}

/** The segment indexes a viewer applied, in order. */
const indexesOf = (history: readonly HistoryEntry[]) => history.flatMap((e) => (e.kind === 'segment' ? [e.index] : []));
const run = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('a viewer that stops reading', () => {
  it('is skipped once more than the limit backs up for it, while the others get every caption on time, and then rejoins for exactly what it missed', async () => {
    const { dataDir, segments, largestSegmentBytes } = denseDataDir();
    app = await startApp(
      { DATA_DIR: dataDir, DEFAULT_TRANSCRIPT: DENSE_TRANSCRIPT_ID, CLOCK_SPEED: String(SPEED), LOOKAHEAD_MS: String(LOOKAHEAD_MS), LOOP_PAUSE_MS: '600000', SLOW_VIEWER_BYTES: String(LIMIT_BYTES) },
      // The log keeps the whole talk, so the stalled viewer's rejoin is always a resume.
      { logLimit: 20_000 },
    );
    const time = app.time;

    // Two viewers that keep reading, each noting how early or late every caption arrived: the
    // media position at arrival (docs/protocol.md's formula, on the server's own clock) minus
    // the position the caption is due at.
    const healthy = [new DocClient(app.url, 'PRESS'), new DocClient(app.url, 'PRESS')];
    const lateness: number[] = [];
    for (const viewer of healthy) {
      closers.push(() => viewer.close());
      viewer.socket.on('caption:segment', (message: Seg) => {
        const clock: Clock & { anchorAtMs?: number } = viewer.clock as Clock & { anchorAtMs?: number };
        if (clock.status !== 'playing' || clock.epoch !== message.epoch || clock.anchorAtMs === undefined) return;
        lateness.push(clock.positionMs + (time.now() - clock.anchorAtMs) * clock.rate - message.dueMs);
      });
    }
    const stalled = new StallingViewer(app.url, 'PRESS');
    closers.push(() => stalled.close());
    await Promise.all(healthy.map((v) => v.connect()));
    await Promise.all([...healthy.map((v) => v.joined()), stalled.joined()]);

    // It stops reading; the server keeps at most the limit (and the message that crossed it) for it.
    stalled.pause();
    await waitFor(() => app!.fanout.skipped > 0, 30_000, 'the server to skip the stalled viewer');
    const seqWhenSkipped = healthy[0].lastSeq;
    // Stalled for a while longer: two seconds of wall clock, some 400 captions.
    await waitFor(() => healthy[0].lastSeq > seqWhenSkipped + 400, 30_000, 'more captions while stalled');
    // What the server held for it while it was stalled (afterwards its rejoin's answer, every
    // message it missed, is one large message of its own, bounded by the room's message log).
    const heldWhileStalled = app.fanout.largestBacklog;
    stalled.resume();

    const ended = (v: { history: readonly HistoryEntry[]; clock: Clock | undefined }) => v.clock?.status === 'ended' && indexesOf(v.history).at(-1) === segments - 1;
    await waitFor(() => [...healthy, stalled].every(ended), 60_000, 'every viewer to reach the end');

    expect(app.fanout.skipped).toBeGreaterThan(0);
    expect(heldWhileStalled).toBeGreaterThan(LIMIT_BYTES);
    // The limit, the message that crossed it (its segment and the message's envelope), a heartbeat.
    expect(heldWhileStalled).toBeLessThanOrEqual(LIMIT_BYTES + largestSegmentBytes + 256);

    // The others: never skipped (one join each, no gap), every caption, each before it was due.
    for (const viewer of healthy) {
      expect(wireProblems(viewer.wire)).toEqual([]);
      expect(viewer.joins).toBe(1);
      const shown = indexesOf(viewer.history);
      expect(shown).toEqual(run(shown[0], segments - 1));
    }
    expect(lateness.length).toBeGreaterThan(segments / 2);
    expect(lateness.filter((ms) => ms > 0)).toEqual([]);

    // The stalled viewer: what it missed came back in a resume, and on the wire every segment
    // from its first on arrived exactly once.
    expect(stalled.resumes).toBeGreaterThan(0);
    expect(stalled.freshSnapshots).toBe(0);
    expect(wireProblems(stalled.wire)).toEqual([]);
    expect(historyProblems(stalled.history)).toEqual([]);
    const shown = indexesOf(stalled.history);
    expect(shown).toEqual(run(shown[0], segments - 1));
  });
});
