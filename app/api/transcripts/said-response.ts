import type { CaptionSegment } from '../../../server/protocol';
import { getServices } from '../../../server/services';
import type { Transcript } from '../../../server/transcript/model';
import { MAX_SEGMENTS } from '../../../server/transcript/import-upload';

/** Where the transcripts come from: the running server's cluster-aware lookup (tests pass their own). */
export type TranscriptLookup = (id: string) => Transcript | undefined | Promise<Transcript | undefined>;
const loaded: TranscriptLookup = (id) => getServices().transcripts.get(id);

/** The largest position a client may ask for: a day of media, far beyond any transcript. */
const MAX_UNTIL_MS = 86_400_000;

export interface SaidBody {
  readonly id: string;
  readonly untilMs: number;
  /** The transcript's segments that start by `untilMs`, oldest first, as the socket sends them. */
  readonly segments: readonly CaptionSegment[];
}

/**
 * A transcript from its start up to a media position, for a viewer that joined late to fill its
 * scrollback ("Earlier captions") over HTTP rather than the socket. The viewer asks with its own
 * position and still trims each language to what its lanes have finished (viewer-at.ts
 * `scrollbackAt`), so the scrollback never runs ahead of the lanes even when this answer does by a
 * round trip. At most MAX_SEGMENTS segments, the newest ones, however long the transcript.
 */
export async function saidResponse(id: string, url: string, lookup: TranscriptLookup = loaded): Promise<Response> {
  const transcript = await lookup(id);
  if (!transcript) return json(404, { error: 'not-found', message: `no transcript "${id.slice(0, 80)}"` });
  const raw = new URL(url).searchParams.get('untilMs');
  const untilMs = raw === null ? Number.NaN : Number(raw);
  if (raw === null || !/^\d{1,9}$/u.test(raw) || untilMs > MAX_UNTIL_MS) {
    return json(400, {
      error: 'bad-position',
      message: `untilMs: ${raw === null ? 'missing' : `"${raw.slice(0, 20)}" is not`} a media position in whole milliseconds from 0 to ${MAX_UNTIL_MS}`,
      field: 'untilMs',
    });
  }
  let end = 0;
  while (end < transcript.segments.length && transcript.segments[end].startMs <= untilMs) end++;
  const body: SaidBody = { id: transcript.id, untilMs, segments: transcript.segments.slice(Math.max(0, end - MAX_SEGMENTS), end) };
  // The answer follows the position asked, and an upload may be replaced: nobody keeps it.
  return json(200, body, { 'cache-control': 'no-store' });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}
