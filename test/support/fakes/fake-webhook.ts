import { createHmac, timingSafeEqual } from 'node:crypto';
import { startFakeHttp, type FakeHttp, type Received } from './fake-http';

/** A receiver refuses a delivery signed more than this long ago (a replay). */
export const WEBHOOK_MAX_AGE_MS = 5 * 60_000;

export interface FakeWebhook extends FakeHttp {
  readonly received: (Received & { speaker: string; room: string })[];
  readonly refused: { status: number; reason: string }[];
  /** Deliveries of a seq already received (acknowledged, not applied twice). */
  repeats: number;
}

/**
 * A receiver written from docs/integrations.md: checks `X-Boothcast-Signature: sha256=<hex>`
 * (HMAC-SHA256 of the raw body with the shared secret), the timestamp header against the signed
 * `sentAt` and its clock, and applies each `seq` once.
 */
export async function startFakeWebhook(secret: string, now: () => number = Date.now, wallNow: () => number = Date.now): Promise<FakeWebhook> {
  const received: FakeWebhook['received'] = [];
  const refused: { status: number; reason: string }[] = [];
  const seen = new Set<string>();
  const state = { repeats: 0 };
  const refuse = (status: number, reason: string) => {
    refused.push({ status, reason });
    return { status, body: reason };
  };
  const http = await startFakeHttp('/hooks/captions', ({ method, headers, body }) => {
    if (method !== 'POST') return refuse(405, 'method not allowed');
    const signature = headers['x-boothcast-signature'];
    if (typeof signature !== 'string') return refuse(401, 'missing signature');
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse(401, 'bad signature');
    let payload: { room: string; lang: string; seq: number; text: string; speaker: string; sentAt: number };
    try {
      payload = JSON.parse(body) as typeof payload;
    } catch {
      return refuse(400, 'not JSON');
    }
    const stamp = Number(headers['x-boothcast-timestamp']);
    if (stamp !== Math.floor(payload.sentAt / 1000)) return refuse(400, 'timestamp header does not match the signed body');
    if (Math.abs(wallNow() - payload.sentAt) > WEBHOOK_MAX_AGE_MS) return refuse(400, 'stale timestamp (replay?)');
    const key = `${payload.room}/${payload.lang}/${payload.seq}`;
    if (seen.has(key)) {
      state.repeats++;
      return { status: 200 };
    }
    seen.add(key);
    received.push({ seq: payload.seq, lang: payload.lang, text: payload.text, speaker: payload.speaker, room: payload.room, atMs: now() });
    return { status: 200 };
  });
  return Object.assign(http, {
    received,
    refused,
    get repeats() {
      return state.repeats;
    },
  });
}
