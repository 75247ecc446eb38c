import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { OutputView } from '../../server/connectors/manager';
import { loadVienna } from '../support/load-vienna';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { waitFor } from '../support/start-app';
import { expectedCaptions, normalise, teamsStream } from '../support/fakes/expected';
import { startFakeTeams } from '../support/fakes/fake-teams';
import { startFakeWebhook } from '../support/fakes/fake-webhook';
import { startFakeYouTube } from '../support/fakes/fake-youtube';
import { startFakeZoom } from '../support/fakes/fake-zoom';

const vienna = loadVienna();
const SECRET = 'whsec-restart-0a1b2c3d4e';
const closers: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function presenterSocket(url: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  closers.push(() => void socket.disconnect());
  return socket;
}

describe('caption outputs across restarts of the Boothcast process', () => {
  it('a graceful restart and then a kill mid-stream: every caption once, in order, at every platform', async () => {
    const zoom = await startFakeZoom();
    const youtube = await startFakeYouTube();
    const webhook = await startFakeWebhook(SECRET);
    const teams = await startFakeTeams();
    closers.push(zoom.close, youtube.close, webhook.close, teams.close);
    const env = { CLOCK_SPEED: '10', LOOP_PAUSE_MS: '600000', SERVE_PAGES: '0', CONNECTORS_ALLOW_PRIVATE_NETWORK: '1', STATE_DIR: mkdtempSync(path.join(tmpdir(), 'boothcast-outputs-')) };
    let server: ServerProcess = await startServerProcess(env);
    closers.push(() => server.stop());

    const socket = await presenterSocket(server.url);
    const created = (await socket.emitWithAck('room:create', { transcriptId: vienna.id, autoplay: false })) as { ok: boolean; data: { code: string; secret: string } };
    expect(created.ok).toBe(true);
    const { code, secret } = created.data;
    const add = async (body: unknown) => {
      const response = await fetch(`${server.url}/api/rooms/${code}/outputs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { output: OutputView }).output;
    };
    await add({ type: 'zoom', lang: 'ru', url: zoom.tokenUrl });
    await add({ type: 'youtube', lang: 'en', url: youtube.ingestionUrl });
    await add({ type: 'webhook', lang: 'fr', url: webhook.url, secret: SECRET });
    await add({ type: 'teams', lang: 'en', url: teams.cartUrl });
    expect(((await socket.emitWithAck('playback:play', { room: code, commandId: randomUUID() })) as { ok: boolean }).ok).toBe(true);

    const expected = {
      zoom: expectedCaptions(vienna, 'ru', 'zoom').map((e) => e.text),
      youtube: expectedCaptions(vienna, 'en', 'youtube').map((e) => e.text),
      webhook: expectedCaptions(vienna, 'fr', 'webhook').map((e) => e.text),
    };
    // A third of the way: a graceful restart (SIGTERM), as a deploy does.
    await waitFor(() => zoom.received.length >= expected.zoom.length / 3, 120_000, 'a third of the captions');
    await server.stop();
    let logs = server.output();
    const atStop = zoom.received.length;
    server = await startServerProcess(env);
    // Two thirds: the process is killed (SIGKILL), as a crash is; nothing is saved at the end.
    await waitFor(() => zoom.received.length >= (expected.zoom.length * 2) / 3, 120_000, 'two thirds of the captions');
    expect(zoom.received.length).toBeGreaterThan(atStop);
    server.child.kill('SIGKILL');
    await new Promise((resolve) => server.child.once('exit', resolve));
    logs += server.output();
    server = await startServerProcess(env);

    const wholeTeams = teamsStream(vienna, 'en');
    const teamsWords = () => normalise(teams.received.map((r) => r.text).join(' '));
    await waitFor(
      () =>
        zoom.received.length >= expected.zoom.length &&
        youtube.received.length >= expected.youtube.length &&
        webhook.received.length >= expected.webhook.length &&
        teamsWords().length >= wholeTeams.length - 200,
      180_000,
      'the end of the talk at every fake',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(zoom.received.map((r) => r.text)).toEqual(expected.zoom);
    expect(youtube.received.map((r) => r.text)).toEqual(expected.youtube);
    expect(webhook.received.map((r) => r.text)).toEqual(expected.webhook);
    for (const fake of [zoom, youtube, webhook]) expect(fake.received.map((r) => r.seq)).toEqual(fake.received.map((_, i) => i + 1));
    expect([...zoom.refused, ...youtube.refused, ...webhook.refused, ...teams.refused]).toEqual([]);
    // Teams has no seq: a line whose send was under way when the process was killed is not
    // repeated (it may have been shown). Every other line arrives once, in order.
    const response = await fetch(`${server.url}/api/rooms/${code}/outputs`, { headers: { authorization: `Bearer ${secret}` } });
    const views = ((await response.json()) as { outputs: OutputView[] }).outputs;
    const teamsView = views.find((v) => v.type === 'teams')!;
    const got = teamsWords();
    if (teamsView.uncertain === 0) expect(got).toBe(wholeTeams);
    else expect(got.length).toBeGreaterThanOrEqual(wholeTeams.length - 120 * teamsView.uncertain);
    const lines = teams.received.map((r) => r.text);
    expect(new Set(lines).size).toBe(lines.length);
    for (const view of views) expect(view.dropped).toBe(0);
    // The outputs were logged (added, failing…) but never with a token, a secret or a link.
    logs += server.output();
    expect(logs).toContain('caption output added');
    for (const hidden of ['sig-5f2c9a1d7e', 'abcd-efgh-ijkl-mnop', 'cart-token-3b8e2f', SECRET, secret]) expect(logs).not.toContain(hidden);
  }, 420_000);
});
