import type { ClockState } from '../../../server/protocol';
import { parseSettings, type ViewerSettings } from '../../lib/viewer-settings';

/**
 * The embed's postMessage API. Out: `{ source: 'boothcast', type: 'ready' | 'caption' | 'state' | 'error', … }`,
 * with `room` (`/embed/<room>`) or `transcript` (`/embed/transcript/<id>`). In, from the host page:
 * `{ type: 'boothcast:set', lang?, theme?, size?, rows?, labels? }`, and for a transcript embed
 * `{ type: 'boothcast:time', currentTime, paused, playbackRate }`; anything else is ignored, and
 * values are checked like URL parameters.
 */
export type EmbedOrigin = { room: string } | { transcript: string };
export type EmbedMessage =
  | ({ source: 'boothcast'; type: 'ready'; protocolVersion: number } & EmbedOrigin)
  | ({ source: 'boothcast'; type: 'caption'; lang: string; segmentId: string; speaker: string; text: string; interpreted: boolean } & EmbedOrigin)
  | { source: 'boothcast'; type: 'state'; room: string; connection: string; status: string; rate: number }
  | { source: 'boothcast'; type: 'error'; transcript: string; message: string };

const SETTABLE = ['lang', 'lead', 'theme', 'size', 'rows', 'labels', 'bg'] as const;

export function settingsFromHost(data: unknown, current: ViewerSettings): ViewerSettings | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  if (message.type !== 'boothcast:set') return undefined;
  const params: Record<string, string> = {};
  for (const key of SETTABLE) {
    const value = message[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') params[key] = String(value === true ? 1 : value === false ? 0 : value);
  }
  return parseSettings(params, current);
}

/** The playback rates a host may report: the range browsers play (Chromium: 1/16 to 16), 0 for a stalled player. */
export const MEDIA_RATE_MAX = 16;
/** The longest media time accepted, in seconds (a week): a bound, not a limit any real recording meets. */
export const MEDIA_TIME_MAX_S = 7 * 24 * 3600;

/** How old a message's own time stamp (`at`) may be and still be believed: older, or from the future, it is ignored. */
export const MEDIA_LATENCY_MAX_MS = 1_000;

/** How much of a refused value an error quotes back: the host's own message is not echoed whole. */
const QUOTED_MAX = 40;
const quoted = (value: unknown) =>
  typeof value === 'string'
    ? `the string ${JSON.stringify(value.slice(0, QUOTED_MAX))}${value.length > QUOTED_MAX ? `… (${value.length} characters)` : ''}`
    : typeof value === 'object' && value !== null
      ? Array.isArray(value) ? 'an array' : 'an object'
      : String(value);

/**
 * A host's `boothcast:time` as a clock on the embed's own time line (`nowMs`, clock-sync.ts
 * clientNow): the media position at `nowMs`, advancing at `playbackRate` unless paused, so the
 * embed interpolates between messages and every message re-anchors it (a seek snaps). `at`, when
 * the host gives it, is when it read `currentTime` (`performance.timeOrigin + performance.now()`,
 * the same clock in every page of the browser): the message's time in transit is then not a lag.
 * Returns `undefined` for any other message, and an error naming the field for a malformed one.
 */
export function mediaClockFromHost(data: unknown, nowMs: number, durationMs: number): ClockState | { error: string } | undefined {
  if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== 'boothcast:time') return undefined;
  const { currentTime, paused, playbackRate = 1, at } = data as Record<string, unknown>;
  if (typeof currentTime !== 'number' || !(currentTime >= 0 && currentTime <= MEDIA_TIME_MAX_S)) {
    return { error: `boothcast:time: currentTime must be the media time in seconds, 0 to ${MEDIA_TIME_MAX_S}; got ${quoted(currentTime)}` };
  }
  if (typeof paused !== 'boolean') return { error: `boothcast:time: paused must be true or false; got ${quoted(paused)}` };
  if (typeof playbackRate !== 'number' || !(playbackRate >= 0 && playbackRate <= MEDIA_RATE_MAX)) {
    return { error: `boothcast:time: playbackRate must be 0 to ${MEDIA_RATE_MAX}; got ${quoted(playbackRate)}` };
  }
  const anchorAtMs = typeof at === 'number' && nowMs - at >= 0 && nowMs - at <= MEDIA_LATENCY_MAX_MS ? at : nowMs;
  return { status: paused ? 'paused' : 'playing', positionMs: currentTime * 1000, anchorAtMs, rate: playbackRate, loop: false, epoch: 0, durationMs };
}
