import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../../server/app';
import type { SegmentMessage } from '../../server/protocol';
import type { Catchup, RoomPlayer } from '../../server/replay/room-player';
import { DocClient, historyProblems, wireProblems } from '../support/doc-client';
import { random, sleep } from '../support/random';
import { startApp, waitFor } from '../support/start-app';

let app: Application | undefined;
const clients: DocClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await app?.close();
  app = undefined;
});

/** A deliberately faulty room: what it does to every epoch catch-up it answers. */
type CatchUpFault = (segments: readonly SegmentMessage[], alreadySent: readonly SegmentMessage[]) => readonly SegmentMessage[];

/** The fault of issue 18: three segments the viewer already had, sent again on every epoch catch-up. */
const RESEND_THREE: CatchUpFault = (segments, alreadySent) => [...alreadySent.slice(-3), ...segments];
/** One segment the viewer is owed, left out of every epoch catch-up that has two or more. */
const DROP_ONE: CatchUpFault = (segments) => (segments.length >= 2 ? segments.slice(1) : segments);

/** Wraps the room's own `catchUp` (the answer to a rejoin) with a fault; everything else is the real server. */
function injectFault(player: RoomPlayer, fault: CatchUpFault): void {
  const honest = player.catchUp.bind(player);
  player.catchUp = (stream, lastSeq): Catchup => {
    const answer = honest(stream, lastSeq);
    if (answer.kind !== 'epoch') return answer;
    const alreadySent = player.recentSegments(Number.MAX_SAFE_INTEGER).filter((m) => m.seq <= lastSeq!);
    return { kind: 'epoch', segments: fault(answer.segments, alreadySent) };
  };
}

interface Scenario {
  readonly seed: number;
  readonly viewers: number;
  readonly cycles: number;
  /** Presenter seeks and pauses during the run (each seek ends an epoch, so fewer catch-ups). */
  readonly presenter: boolean;
  readonly fault?: CatchUpFault;
}

/**
 * Viewers drop at random; every fourth outage lasts until the room has moved past its message log
 * (12 messages), so every way back runs: resume, epoch catch-up, fresh snapshot. Returns the
 * viewers, judged by the caller on what reached them.
 */
async function dropAndRejoin(s: Scenario) {
  const rand = random(s.seed);
  // 100× real time, and a message log of only 12 messages: an outage of a few hundred
  // milliseconds outlives it.
  app = await startApp({ CLOCK_SPEED: '100', LOOP_PAUSE_MS: '2000' }, { logLimit: 12 });
  const presenter = new DocClient(app.url, 'PRESS');
  clients.push(presenter);
  await presenter.connect();
  const created = await presenter.socket.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14', loop: true });
  const code: string = created.data.code;
  const room = app.registry.get(code)!;
  if (s.fault) injectFault(room.player, s.fault);
  const observer = new DocClient(app.url, code);
  clients.push(observer);
  await observer.connect();
  const viewers = Array.from({ length: s.viewers }, () => new DocClient(app!.url, code));
  clients.push(...viewers);
  await Promise.all(viewers.map((v) => v.connect()));

  let drops = 0;
  let churning = true;
  const churn = viewers.map(async (viewer) => {
    for (let cycle = 0; cycle < s.cycles; cycle++) {
      await sleep(rand() * 250);
      viewer.socket.disconnect();
      drops++;
      if (cycle % 4 === 3) {
        // Offline until the room has moved further than its message log reaches.
        const lastSeq = viewer.lastSeq;
        await waitFor(() => room.player.seq > lastSeq + 14, 20_000, 'the log to move on');
      } else {
        await sleep(rand() * 120);
      }
      await viewer.connect();
    }
  });
  const control = (async () => {
    let n = 0;
    while (churning && s.presenter) {
      await sleep(400 + rand() * 800);
      const r = rand();
      const commandId = `seed-${s.seed}-${++n}`;
      if (r < 0.4) await presenter.command('playback:seek', { room: code, commandId, positionMs: Math.floor(rand() * 600_000) });
      else if (r < 0.6) {
        await presenter.command('playback:pause', { room: code, commandId });
        await sleep(100);
        await presenter.command('playback:play', { room: code, commandId: `${commandId}-resume` });
      } else await presenter.command('playback:play', { room: code, commandId });
    }
    await presenter.command('playback:play', { room: code, commandId: `seed-${s.seed}-final` });
  })();
  await Promise.all(churn);
  churning = false;
  await control;
  await waitFor(() => [observer, ...viewers].every((v) => v.lastSeq === room.player.seq && !v.socket.disconnected), 10_000, 'every viewer caught up');
  const paths = viewers.reduce((sum, v) => ({ resumes: sum.resumes + v.resumes, catchUps: sum.catchUps + v.catchUps, fresh: sum.fresh + v.freshSnapshots }), { resumes: 0, catchUps: 0, fresh: 0 });
  return { room, observer, viewers, drops, paths };
}

describe('nothing lost, nothing doubled, however often viewers drop', () => {
  it('every viewer receives each segment once and misses none across hundreds of random drops, seeks and long outages', async () => {
    const seed = Number(process.env.RECONNECT_SEED ?? 20_151_114);
    const CYCLES = 32;
    const { room, observer, viewers, drops, paths } = await dropAndRejoin({ seed, viewers: 8, cycles: CYCLES, presenter: true });

    expect(drops).toBe(CYCLES * viewers.length);
    for (const viewer of [observer, ...viewers]) {
      // Judged on what arrived, before the viewer's own de-duplication.
      expect(wireProblems(viewer.wire), `seed ${seed}`).toEqual([]);
      // Converged: the same clock and the same segments of the current epoch as one that never dropped.
      expect(viewer.clock).toEqual(room.player.clock);
      expect(viewer.segments.map((s) => s.segment.index).slice(-5)).toEqual(observer.segments.map((s) => s.segment.index).slice(-5));
    }
    expect(paths.resumes).toBeGreaterThan(0);
    expect(paths.catchUps).toBeGreaterThan(0);
    // Every long outage went past the log: each needed an epoch catch-up or a fresh snapshot.
    expect(paths.catchUps + paths.fresh).toBeGreaterThanOrEqual((CYCLES / 4) * viewers.length);
    console.log(`reconnect history: ${drops} drops, ${paths.resumes} resumes, ${paths.catchUps} epoch catch-ups, ${paths.fresh} fresh snapshots; on the wire 0 gaps, 0 duplicates (seed ${seed})`);
  }, 90_000);

  it('catches a server that re-sends three already-delivered segments on every epoch catch-up, which the viewers hide', async () => {
    const { viewers, paths } = await dropAndRejoin({ seed: 18, viewers: 3, cycles: 8, presenter: false, fault: RESEND_THREE });
    expect(paths.catchUps).toBeGreaterThan(0);
    const duplicates = viewers.flatMap((v) => wireProblems(v.wire)).filter((p) => /delivered twice \(epoch catch-up/u.test(p));
    // Each catch-up re-sends up to three segments the viewer had (fewer early in an epoch).
    expect(duplicates.length).toBeGreaterThanOrEqual(paths.catchUps);
    // What the viewers applied is clean: their de-duplication hid the fault, which is why the wire is judged.
    for (const v of viewers) expect(historyProblems(v.history)).toEqual([]);
    console.log(`re-sending server: ${paths.catchUps} epoch catch-ups, ${duplicates.length} duplicates found on the wire, 0 in what the viewers applied`);
  }, 60_000);

  it('catches a server that leaves one segment out of every epoch catch-up', async () => {
    const { viewers, paths } = await dropAndRejoin({ seed: 18, viewers: 3, cycles: 8, presenter: false, fault: DROP_ONE });
    expect(paths.catchUps).toBeGreaterThan(0);
    const gaps = viewers.flatMap((v) => wireProblems(v.wire)).filter((p) => /gap between segments/u.test(p));
    expect(gaps.length).toBeGreaterThan(0);
    console.log(`dropping server: ${paths.catchUps} epoch catch-ups, ${gaps.length} gaps found on the wire`);
  }, 60_000);
});
