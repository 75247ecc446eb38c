import { startFakeHttp, SeqRule, type FakeHttp, type Received } from './fake-http';

/** YouTube refuses a caption whose timestamp is more than this far from its clock. */
export const YOUTUBE_MAX_SKEW_MS = 60_000;

export interface FakeYouTube extends FakeHttp {
  readonly received: Received[];
  readonly refused: { status: number; reason: string }[];
  readonly seq: SeqRule;
  readonly ingestionUrl: string;
}

/**
 * YouTube Live's HTTP POST caption ingestion: the stream's URL (`…/closedcaption?cid=<key>`),
 * `seq` added, a text body of a `YYYY-MM-DDTHH:MM:SS.mmm` UTC line and the caption (`<br>` between
 * lines); a timestamp more than 60 s from its clock is refused.
 * `wallNow` is YouTube's clock; `now` stamps receipts for the test.
 */
export async function startFakeYouTube(now: () => number = Date.now, wallNow: () => number = Date.now): Promise<FakeYouTube> {
  const received: Received[] = [];
  const refused: { status: number; reason: string }[] = [];
  const seq = new SeqRule();
  const key = 'abcd-efgh-ijkl-mnop';
  const refuse = (status: number, reason: string) => {
    refused.push({ status, reason });
    return { status, body: reason };
  };
  const http = await startFakeHttp('/closedcaption', ({ method, url, body }) => {
    if (method !== 'POST') return refuse(405, 'method not allowed');
    if (url.searchParams.get('cid') !== key) return refuse(403, 'unknown stream key');
    const n = Number(url.searchParams.get('seq'));
    if (!url.searchParams.has('seq') || !Number.isInteger(n) || n < 1) return refuse(400, 'missing seq');
    const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})(?: region:\S+)?\n([\s\S]+?)\n?$/u.exec(body);
    if (!match) return refuse(400, 'body must be a timestamp line and the caption');
    const stamp = Date.parse(`${match[1]}Z`);
    if (!Number.isFinite(stamp) || Math.abs(stamp - wallNow()) > YOUTUBE_MAX_SKEW_MS) return refuse(400, 'timestamp skew: more than 60 s from the server clock');
    const verdict = seq.judge(n, match[2]);
    if (verdict === 'repeat') return { status: 200 };
    if (verdict !== 'new') return refuse(400, verdict);
    received.push({ seq: n, text: match[2], atMs: now() });
    return { status: 200 };
  });
  return Object.assign(http, { received, refused, seq, ingestionUrl: `${http.url}?cid=${key}` });
}
