import { startFakeHttp, type FakeHttp, type Received } from './fake-http';

/** Microsoft: send complete lines of 80 to 120 characters. */
export const TEAMS_MAX_LINE = 120;

export interface FakeTeams extends FakeHttp {
  readonly received: Received[];
  readonly refused: { status: number; reason: string }[];
  readonly cartUrl: string;
  meetingStarted: boolean;
}

/**
 * Microsoft Teams CART captions: a POST of plain text to the meeting's CART link
 * (`/cartcaption?meetingid=…&token=…`) becomes one caption line. No seq, no corrections; 401 for
 * a wrong or expired token, 404 before the meeting starts or with captions off, 400 for a line
 * over 120 characters or with a line break.
 */
export async function startFakeTeams(now: () => number = Date.now): Promise<FakeTeams> {
  const received: Received[] = [];
  const refused: { status: number; reason: string }[] = [];
  const meetingId = '19:meeting_NzJhY2M1';
  const token = 'cart-token-3b8e2f';
  const state = { meetingStarted: true };
  const refuse = (status: number, reason: string) => {
    refused.push({ status, reason });
    return { status, body: reason };
  };
  const http = await startFakeHttp('/cartcaption', ({ method, url, body }) => {
    if (method !== 'POST') return refuse(405, 'method not allowed');
    if (url.searchParams.get('meetingid') !== meetingId || url.searchParams.get('token') !== token) return refuse(401, 'token expired or invalid');
    if (!state.meetingStarted) return refuse(404, 'meeting not started or CART captions off');
    if (body.trim() === '') return refuse(400, 'empty caption');
    if (/[\r\n]/u.test(body)) return refuse(400, 'one line per POST');
    if ([...body].length > TEAMS_MAX_LINE) return refuse(400, `line over ${TEAMS_MAX_LINE} characters`);
    received.push({ text: body, atMs: now() });
    return { status: 200 };
  });
  return Object.assign(http, {
    received,
    refused,
    get meetingStarted() {
      return state.meetingStarted;
    },
    set meetingStarted(value: boolean) {
      state.meetingStarted = value;
    },
    cartUrl: `${http.url}?meetingid=${encodeURIComponent(meetingId)}&token=${token}`,
  });
}
