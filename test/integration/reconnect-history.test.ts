import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../../server/app';
import { DocClient, historyProblems } from '../support/doc-client';
import { random, sleep } from '../support/random';
import { startApp, waitFor } from '../support/start-app';

let app: Application | undefined;
const clients: DocClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await app?.close();
  app = undefined;
});


describe('nothing lost, nothing doubled, however often viewers drop', () => {
  it('keeps every viewer history free of gaps and duplicates across hundreds of random drops, seeks and long outages', async () => {
    const seed = Number(process.env.RECONNECT_SEED ?? 20_151_114);
    const rand = random(seed);
    // 100× real time, and a message log of only 12 messages: an outage of a few hundred
    // milliseconds outlives it, so every recovery path (resume, epoch catch-up, fresh snapshot) runs.
    app = await startApp({ CLOCK_SPEED: '100', LOOP_PAUSE_MS: '2000' }, { logLimit: 12 });
    const presenterReply = await (async () => {
      const p = new DocClient(app!.url, 'PRESS');
      clients.push(p);
      await p.connect();
      return { p, created: await p.socket.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14', loop: true }) };
    })();
    const { p: presenter, created } = presenterReply;
    const code: string = created.data.code;
    const observer = new DocClient(app.url, code);
    clients.push(observer);
    await observer.connect();
    const room = app.registry.get(code)!;
    const viewers = Array.from({ length: 8 }, () => new DocClient(app!.url, code));
    clients.push(...viewers);
    await Promise.all(viewers.map((v) => v.connect()));

    let drops = 0;
    let churning = true;
    const CYCLES = 32;
    const churn = viewers.map(async (viewer) => {
      for (let cycle = 0; cycle < CYCLES; cycle++) {
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
      while (churning) {
        await sleep(400 + rand() * 800);
        const r = rand();
        const commandId = `seed-${seed}-${++n}`;
        if (r < 0.4) await presenter.command('playback:seek', { room: code, commandId, positionMs: Math.floor(rand() * 600_000) });
        else if (r < 0.6) {
          await presenter.command('playback:pause', { room: code, commandId });
          await sleep(100);
          await presenter.command('playback:play', { room: code, commandId: `${commandId}-resume` });
        }
        else await presenter.command('playback:play', { room: code, commandId });
      }
      await presenter.command('playback:play', { room: code, commandId: `seed-${seed}-final` });
    })();
    await Promise.all(churn);
    churning = false;
    await control;

    await waitFor(() => [observer, ...viewers].every((v) => v.lastSeq === room.player.seq && !v.socket.disconnected), 10_000, 'every viewer caught up');

    expect(drops).toBe(CYCLES * viewers.length);
    for (const viewer of [observer, ...viewers]) {
      expect(historyProblems(viewer.history), `seed ${seed}`).toEqual([]);
      // Converged: the same clock and the same segments of the current epoch as one that never dropped.
      expect(viewer.clock).toEqual(room.player.clock);
      expect(viewer.segments.map((s) => s.segment.index).slice(-5)).toEqual(observer.segments.map((s) => s.segment.index).slice(-5));
    }
    const paths = viewers.reduce((sum, v) => ({ resumes: sum.resumes + v.resumes, catchUps: sum.catchUps + v.catchUps, fresh: sum.fresh + v.freshSnapshots }), { resumes: 0, catchUps: 0, fresh: 0 });
    expect(paths.resumes).toBeGreaterThan(0);
    // Every long outage went past the log: each needed an epoch catch-up or a fresh snapshot.
    expect(paths.catchUps + paths.fresh).toBeGreaterThanOrEqual((CYCLES / 4) * viewers.length);
    console.log(`reconnect history: ${drops} drops, ${paths.resumes} resumes, ${paths.catchUps} epoch catch-ups, ${paths.fresh} fresh snapshots; 0 gaps, 0 duplicates (seed ${seed})`);
  }, 90_000);

  it('the checker itself sees a gap and a duplicate when there is one', () => {
    expect(historyProblems([
      { kind: 'segment', seq: 1, epoch: 0, index: 3 },
      { kind: 'segment', seq: 2, epoch: 0, index: 5 },
    ])).toEqual(['epoch 0: gap between segments 3 and 5']);
    expect(historyProblems([
      { kind: 'segment', seq: 1, epoch: 0, index: 3 },
      { kind: 'segment', seq: 2, epoch: 0, index: 3 },
    ])).toContain('epoch 0: a segment shown twice');
  });
});
