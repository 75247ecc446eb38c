import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../../server/app';
import { DocClient, wireProblems } from '../support/doc-client';
import { random, sleep } from '../support/random';
import { startApp, waitFor } from '../support/start-app';

/** Bounded in CI; `SOAK_SECONDS=600 npx vitest run test/integration/soak.test.ts` for a longer run. */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 15);

let app: Application | undefined;
const clients: DocClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await app?.close();
  app = undefined;
});


describe('soak: viewers come, go and drop while presenters seek and pause', () => {
  it(`for ${SECONDS} s: zero gaps, zero duplicates, everyone converges, memory returns to its baseline`, async () => {
    const rand = random(Number(process.env.SOAK_SEED ?? 7));
    app = await startApp({ CLOCK_SPEED: '30', LOOP_PAUSE_MS: '3000' }, { logLimit: 32 });
    const rooms: { code: string; presenter: DocClient }[] = [];
    for (let i = 0; i < 3; i++) {
      const presenter = new DocClient(app.url, 'PRESS');
      clients.push(presenter);
      await presenter.connect();
      const created = await presenter.socket.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14', loop: true });
      rooms.push({ code: created.data.code, presenter });
    }
    global.gc?.();
    const baseline = process.memoryUsage().heapUsed;

    const finished: DocClient[] = [];
    const deadline = Date.now() + SECONDS * 1_000;
    let joins = 0;
    let drops = 0;
    let commands = 0;
    const viewerLife = async () => {
      while (Date.now() < deadline) {
        const { code } = rooms[Math.floor(rand() * rooms.length)];
        const viewer = new DocClient(app!.url, code);
        clients.push(viewer);
        await viewer.connect();
        joins++;
        const life = Date.now() + 300 + rand() * 2_000;
        while (Date.now() < life) {
          await sleep(rand() * 300);
          if (rand() < 0.3) {
            viewer.socket.disconnect();
            drops++;
            await sleep(rand() * 400);
            await viewer.connect();
          }
        }
        await waitFor(() => viewer.lastSeq === app!.registry.get(code)!.player.seq, 10_000, 'the viewer to catch up before leaving');
        finished.push(viewer);
        viewer.close();
      }
    };
    const presenting = rooms.map(async ({ code, presenter }) => {
      let n = 0;
      while (Date.now() < deadline) {
        await sleep(300 + rand() * 900);
        const r = rand();
        const commandId = `soak-${code}-${++n}`;
        if (r < 0.4) await presenter.command('playback:seek', { room: code, commandId, positionMs: Math.floor(rand() * 600_000) });
        else if (r < 0.55) await presenter.command('playback:pause', { room: code, commandId });
        else await presenter.command('playback:play', { room: code, commandId });
        commands++;
      }
    });
    await Promise.all([...Array.from({ length: 12 }, viewerLife), ...presenting]);

    for (const viewer of finished) expect(wireProblems(viewer.wire)).toEqual([]);
    // Every viewer that left had converged to its room's clock.
    expect(finished.length).toBe(joins);
    // Only the presenters stay connected once the viewers have left.
    await waitFor(() => app!.io.of('/').sockets.size === rooms.length, 5_000, 'the viewers to be gone');

    await waitFor(
      () => {
        global.gc?.();
        return process.memoryUsage().heapUsed < baseline + 20 * 1024 * 1024;
      },
      10_000,
      'memory back near its baseline',
    );
    console.log(`soak ${SECONDS} s: ${joins} viewers joined and left, ${drops} drops, ${commands} presenter commands; on the wire 0 gaps, 0 duplicates`);
  }, (SECONDS + 60) * 1_000);
});
