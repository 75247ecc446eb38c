import { startFakeHttp, SeqRule, type FakeHttp, type Received } from './fake-http';

export interface FakeZoom extends FakeHttp {
  readonly received: Received[];
  readonly refused: { status: number; reason: string }[];
  readonly seq: SeqRule;
  meetingStarted: boolean;
}

/**
 * Zoom's closed-caption API as its documentation states it: the meeting's caption URL
 * (`/closedcaption?id=…&ns=…&expire=…&signature=…`), a POST of plain text with `seq` (one more per
 * new caption) and `lang` (a language and a country: `en-US`); 403 without the id, ns, expire,
 * signature or seq, 400 before the meeting starts, 405 for another method;
 * GET `/closedcaption/seq` answers the last accepted seq.
 */
export async function startFakeZoom(now: () => number = Date.now): Promise<FakeZoom & { tokenUrl: string }> {
  const received: Received[] = [];
  const refused: { status: number; reason: string }[] = [];
  const seq = new SeqRule();
  const id = 'meeting-8123';
  const signature = 'sig-5f2c9a1d7e';
  const state = { meetingStarted: true };
  const refuse = (status: number, reason: string) => {
    refused.push({ status, reason });
    return { status, body: reason };
  };
  const http = await startFakeHttp('/closedcaption', ({ method, url, headers, body }) => {
    const params = url.searchParams;
    if (params.get('id') !== id || params.get('signature') !== signature) return refuse(403, 'missing or wrong id or signature');
    if (!params.get('ns') || !params.get('expire')) return refuse(403, 'missing ns or expire');
    if (url.pathname === '/closedcaption/seq') {
      if (method !== 'GET') return refuse(405, 'method not allowed');
      return { status: 200, body: String(seq.last) };
    }
    if (url.pathname !== '/closedcaption') return refuse(404, 'not found');
    if (method !== 'POST') return refuse(405, 'method not allowed');
    const n = Number(params.get('seq'));
    if (!params.has('seq') || !Number.isInteger(n) || n < 1) return refuse(403, 'missing seq');
    const lang = params.get('lang');
    // "The language code and ISO country code separated by a hyphen" (en-US, de-DE).
    if (!lang || !/^[a-z]{2,3}-[A-Z]{2}$/u.test(lang)) return refuse(400, 'lang must be a language and a country, such as en-US');
    if (!/^text\/plain\b/u.test(headers['content-type'] ?? '')) return refuse(400, 'content type must be text/plain');
    if (!state.meetingStarted) return refuse(400, 'meeting has not started');
    const verdict = seq.judge(n, body);
    if (verdict === 'repeat') return { status: 200 };
    if (verdict !== 'new') return refuse(400, verdict);
    received.push({ seq: n, lang, text: body, atMs: now() });
    return { status: 200 };
  });
  return Object.assign(http, {
    received,
    refused,
    seq,
    get meetingStarted() {
      return state.meetingStarted;
    },
    set meetingStarted(value: boolean) {
      state.meetingStarted = value;
    },
    tokenUrl: `${http.url}?id=${id}&ns=Qm9vdGhjYXN0&expire=86400&spparams=id%2Cns%2Cexpire&signature=${signature}`,
  });
}
