import { PROTOCOL_VERSION, type CaptionSegment, type ClockState, type Lang, type SegmentMessage, type SpeakerInfo } from '../../../server/protocol';
import { clientNow } from '../../lib/clock-sync';
import { mediaClockFromHost } from './host-messages';
import { post, root, startView } from './view';

/**
 * The transcript embed (`/embed/transcript/<id>`): a transcript's captions at the time of the host
 * page's player, no room and no socket. The compiled transcript comes over HTTP
 * (`/api/transcripts/<id>`); the time comes from `boothcast:time` messages (host.ts sends them, or
 * the host page itself), each one re-anchoring a clock that the frame loop runs on between them.
 *
 * Only the page that frames the embed is heard (`event.source === window.parent`): the embed's
 * `frame-ancestors` policy (EMBED_FRAME_ANCESTORS) already decides which origins may frame it, so
 * any origin it allows may drive it, and no other window (another frame, a popup) can.
 */
const id = root.dataset.transcript ?? '';
let transcript: { languages: Lang[]; speakers: SpeakerInfo[]; segments: SegmentMessage[]; durationMs: number } | undefined;
let clock: ClockState | undefined;

window.addEventListener('message', (event) => {
  if (event.source !== window.parent || !transcript) return;
  const next = mediaClockFromHost(event.data, clientNow(), transcript.durationMs);
  if (next && 'error' in next) post({ source: 'boothcast', type: 'error', transcript: id, message: next.error });
  else if (next) clock = next;
});

void fetch(`/api/transcripts/${encodeURIComponent(id)}`)
  .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`/api/transcripts/${id} answered ${response.status}`))))
  .then((t: { languages: Lang[]; speakers: SpeakerInfo[]; segments: CaptionSegment[]; durationMs: number }) => {
    transcript = { ...t, segments: t.segments.map((segment, i) => ({ seq: i + 1, epoch: 0, dueMs: segment.startMs, segment })) };
    // Ready once the captions are here: a host (host.ts) answers with the player's time at once.
    post({ source: 'boothcast', type: 'ready', transcript: id, protocolVersion: PROTOCOL_VERSION });
  })
  .catch((error: Error) => post({ source: 'boothcast', type: 'error', transcript: id, message: error.message }));

startView({ transcript: id }, () => transcript && clock && { ...transcript, clock, offsetMs: 0, status: '' });
