import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Connectors } from '../../server/connectors/manager';
import { signBody, youtubeTimestamp } from '../../server/connectors/platforms';
import type { ConnectorStore } from '../../server/connectors/store';
import { systemTimeSource } from '../../server/replay/time-source';
import { waitFor } from '../support/start-app';
import { startFakeObs } from '../support/fakes/fake-obs';
import { startFakeTeams } from '../support/fakes/fake-teams';
import { startFakeWebhook } from '../support/fakes/fake-webhook';
import { startFakeYouTube } from '../support/fakes/fake-youtube';
import { startFakeZoom } from '../support/fakes/fake-zoom';
import { obsAuthentication } from '../../server/connectors/platforms';
import WebSocket from 'ws';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const text = (body: string) => ({ method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body });
const withSeq = (url: string, seq: number, extra = '') => `${url}${url.includes('?') ? '&' : '?'}seq=${seq}${extra}`;

describe('the fake platforms refuse what the real ones refuse', () => {
  it('Zoom: a retry whose seq was bumped, a skipped seq, a missing seq or signature; the last seq reads back', async () => {
    const zoom = await startFakeZoom();
    closers.push(zoom.close);
    expect((await fetch(withSeq(zoom.tokenUrl, 1, '&lang=en-US'), text('Hello'))).status).toBe(200);
    // The same caption again with the next number: a retry that bumped its seq.
    const bumped = await fetch(withSeq(zoom.tokenUrl, 2, '&lang=en-US'), text('Hello'));
    expect(bumped.status).toBe(400);
    expect(await bumped.text()).toContain('a retry must keep its seq');
    // A true retry (same seq, same text) is acknowledged and not shown twice.
    expect((await fetch(withSeq(zoom.tokenUrl, 1, '&lang=en-US'), text('Hello'))).status).toBe(200);
    // A new caption that skips a number.
    const gap = await fetch(withSeq(zoom.tokenUrl, 3, '&lang=en-US'), text('Skipped one'));
    expect(gap.status).toBe(400);
    expect(await gap.text()).toContain('seq 3 skips 2');
    expect((await fetch(`${zoom.tokenUrl}&lang=en-US`, text('No seq'))).status).toBe(403);
    expect((await fetch(withSeq(zoom.tokenUrl.replace(/&expire=[^&]+/u, ''), 2, '&lang=en-US'), text('No expiry'))).status).toBe(403);
    const bareLang = await fetch(withSeq(zoom.tokenUrl, 2, '&lang=en'), text('A language without its country'));
    expect(bareLang.status).toBe(400);
    expect(await bareLang.text()).toContain('such as en-US');
    expect((await fetch(withSeq(zoom.url, 2, '&lang=en-US'), text('No signature'))).status).toBe(403);
    const seqUrl = zoom.tokenUrl.replace('/closedcaption?', '/closedcaption/seq?');
    expect(await (await fetch(seqUrl)).text()).toBe('1');
    expect(zoom.received.map((r) => r.text)).toEqual(['Hello']);
  });

  it('YouTube: a timestamp 61 s off its clock, a bumped seq, a skipped one', async () => {
    const youtube = await startFakeYouTube();
    closers.push(youtube.close);
    const body = (ms: number, caption: string) => `${youtubeTimestamp(ms)}\n${caption}\n`;
    expect((await fetch(withSeq(youtube.ingestionUrl, 1), text(body(Date.now(), 'On time')))).status).toBe(200);
    const skewed = await fetch(withSeq(youtube.ingestionUrl, 2), text(body(Date.now() - 61_000, 'Late')));
    expect(skewed.status).toBe(400);
    expect(await skewed.text()).toContain('timestamp skew');
    expect((await fetch(withSeq(youtube.ingestionUrl, 2), text(body(Date.now(), 'On time')))).status).toBe(400);
    expect((await fetch(withSeq(youtube.ingestionUrl, 5), text(body(Date.now(), 'Skipped three')))).status).toBe(400);
    expect(youtube.received.map((r) => r.text)).toEqual(['On time']);
  });

  it('Teams: a line over 120 characters, a line break, an expired token', async () => {
    const teams = await startFakeTeams();
    closers.push(teams.close);
    expect((await fetch(teams.cartUrl, text('x'.repeat(120)))).status).toBe(200);
    expect((await fetch(teams.cartUrl, text('x'.repeat(121)))).status).toBe(400);
    expect((await fetch(teams.cartUrl, text('two\nlines'))).status).toBe(400);
    expect((await fetch(teams.cartUrl.replace(/token=[^&]+/u, 'token=old'), text('hello'))).status).toBe(401);
  });

  it('webhook: a missing or wrong signature, and a replayed old delivery', async () => {
    const secret = 'whsec-fakes-1234567890';
    const hook = await startFakeWebhook(secret);
    closers.push(hook.close);
    const send = (body: string, headers: Record<string, string>) => fetch(hook.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const payload = (sentAt: number) => JSON.stringify({ room: 'R', lang: 'en', seq: 1, text: 'Hi', speaker: 'A', sentAt });
    const fresh = payload(Date.now());
    const stamp = (body: string) => String(Math.floor((JSON.parse(body) as { sentAt: number }).sentAt / 1000));
    expect((await send(fresh, { 'x-boothcast-timestamp': stamp(fresh) })).status).toBe(401);
    expect((await send(fresh, { 'x-boothcast-timestamp': stamp(fresh), 'x-boothcast-signature': signBody('another-secret-000000', fresh) })).status).toBe(401);
    const old = payload(Date.now() - 10 * 60_000);
    expect((await send(old, { 'x-boothcast-timestamp': stamp(old), 'x-boothcast-signature': signBody(secret, old) })).status).toBe(400);
    expect((await send(fresh, { 'x-boothcast-timestamp': stamp(fresh), 'x-boothcast-signature': signBody(secret, fresh) })).status).toBe(200);
    expect(hook.received).toHaveLength(1);
  });

  it('OBS: a wrong password is refused (4009); the right one is identified and captions go out while streaming', async () => {
    const obs = await startFakeObs('right-password');
    closers.push(obs.close);
    const session = (password: string) =>
      new Promise<{ closed?: number; answer?: { result: boolean; code: number } }>((resolve) => {
        const ws = new WebSocket(obs.url, 'obswebsocket.json');
        ws.on('message', (data) => {
          const m = JSON.parse(data.toString()) as { op: number; d: { authentication?: { salt: string; challenge: string }; requestStatus?: { result: boolean; code: number } } };
          if (m.op === 0) ws.send(JSON.stringify({ op: 1, d: { rpcVersion: 1, authentication: obsAuthentication(password, m.d.authentication!.salt, m.d.authentication!.challenge) } }));
          if (m.op === 2) ws.send(JSON.stringify({ op: 6, d: { requestType: 'SendStreamCaption', requestId: 'r1', requestData: { captionText: 'Hello' } } }));
          if (m.op === 7) {
            resolve({ answer: m.d.requestStatus });
            ws.close();
          }
        });
        ws.on('close', (code) => resolve({ closed: code }));
      });
    expect(await session('wrong')).toEqual({ closed: 4009 });
    expect(await session('right-password')).toEqual({ answer: { result: true, code: 100 } });
    obs.streaming = false;
    expect(await session('right-password')).toMatchObject({ answer: { result: false, code: 501 } });
    expect(obs.received.map((r) => r.text)).toEqual(['Hello']);
  });
});

describe('an output shows the platform refusing it', () => {
  it('a YouTube output on a clock 61 s off is failing with YouTube\'s error, then sends once the clock is right', async () => {
    const youtube = await startFakeYouTube();
    closers.push(youtube.close);
    let skewMs = 61_000;
    const memory: ConnectorStore = { load: () => [], save: () => Promise.resolve() };
    const time = systemTimeSource();
    const speakers = [{ id: 'kerry', label: { en: 'John Kerry' }, short: { en: 'KERRY' }, colour: 0 }];
    const segment = { index: 0, id: 's0', turn: 0, speakerId: 'kerry', sourceLang: 'en', kind: 'speech' as const, text: { en: 'Thank you all for coming.' }, startMs: 0, endMs: 2_000, timing: {} };
    const room = {
      code: 'ROOM',
      info: { languages: ['en'], speakers },
      player: { segments: [segment], clock: { status: 'playing', positionMs: 0, anchorAtMs: time.now(), rate: 1, loop: false, epoch: 1, durationMs: 10_000 } },
    };
    const connectors = new Connectors({
      rooms: () => room as never,
      time,
      clockSpeed: 1,
      logger: pino({ level: 'silent' }),
      store: memory,
      options: { allowPrivateNetwork: true, wallNow: () => Date.now() - skewMs, timeoutMs: 1_000, backoffBaseMs: 50, backoffCapMs: 100 },
    });
    closers.push(() => connectors.close());
    const { id } = connectors.add('ROOM', { type: 'youtube', lang: 'en', url: youtube.ingestionUrl });
    connectors.observer.segment('ROOM', { seq: 1, epoch: 1, dueMs: 0, segment });
    await waitFor(() => connectors.list('ROOM')[0].state === 'failing', 10_000, 'the output failing');
    expect(connectors.list('ROOM')[0].error).toContain('timestamp skew');
    expect(youtube.received).toEqual([]);
    skewMs = 0;
    await waitFor(() => youtube.received.length === 1, 10_000, 'the caption once the clock is right');
    const view = connectors.list('ROOM').find((o) => o.id === id)!;
    expect(view.state).toBe('sending');
    expect(view.lastSeq).toBe(1);
    expect(youtube.received[0].text).toBe('>> Thank you all for coming.');
  });
});

describe('outputs of a room that is gone', () => {
  it('are deleted with their secrets', async () => {
    let roomExists = true;
    const saved: unknown[] = [];
    const store: ConnectorStore = { load: () => [], save: (records) => (saved.push(JSON.stringify(records())), Promise.resolve()) };
    const connectors = new Connectors({
      rooms: () => (roomExists ? ({ info: { languages: ['en'], speakers: [] } } as never) : undefined),
      time: systemTimeSource(),
      clockSpeed: 1,
      logger: pino({ level: 'silent' }),
      store,
    });
    closers.push(() => connectors.close());
    connectors.add('GONE', { type: 'webhook', lang: 'en', url: 'https://hooks.example/c', secret: 'secret-of-a-gone-room' });
    await connectors.prune();
    expect(connectors.list('GONE')).toHaveLength(1);
    roomExists = false;
    await connectors.prune();
    expect(connectors.list('GONE')).toEqual([]);
    expect(saved.at(-1)).toBe('[]');
  });
});
