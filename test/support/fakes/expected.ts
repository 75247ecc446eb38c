import type { SpeakerInfo } from '../../../server/protocol';
import { obsRows } from '../../../server/connectors/platforms';
import { captionPieces, speakerName } from '../../../server/connectors/shape';
import type { Transcript } from '../../../server/transcript/model';

export type Platform = 'zoom' | 'youtube' | 'teams' | 'obs' | 'webhook';

/** One caption an output should deliver, as the fake records its text, with its media time. */
export interface ExpectedCaption {
  readonly text: string;
  readonly startMs: number;
}

/**
 * What each fake should receive for a whole transcript in one language, in order, as the fake
 * records it: the platform's body (Zoom: lines joined by a line break, `>> ` at a change of
 * speaker; YouTube: `<br>`; OBS: rows of 32; the webhook: the text). Teams packs lines across
 * segments, so its expectation is the whole stream of words (`teamsStream`).
 */
export function expectedCaptions(transcript: Transcript, lang: string, platform: Exclude<Platform, 'teams'>): ExpectedCaption[] {
  const speakers: SpeakerInfo[] = transcript.speakers.map(({ id, label, short, colour }) => ({ id, label, short, colour }));
  let previousTurn: number | undefined;
  const out: ExpectedCaption[] = [];
  for (const segment of transcript.segments) {
    for (const piece of captionPieces(segment, lang, previousTurn, speakers)) {
      const lines = piece.turnStart ? [`>> ${piece.lines[0]}`, ...piece.lines.slice(1)] : [...piece.lines];
      const text =
        platform === 'zoom'
          ? lines.join('\n')
          : platform === 'youtube'
            ? lines.join('<br>')
            : platform === 'obs'
              ? obsRows(piece.turnStart ? `>> ${piece.text}` : piece.text).join('\n')
              : piece.text;
      out.push({ text, startMs: piece.startMs });
    }
    previousTurn = segment.turn;
  }
  return out;
}

/** The words a Teams output should carry, in order, whitespace normalised: `>> NAME: ` opens each turn. */
export function teamsStream(transcript: Transcript, lang: string): string {
  const speakers: SpeakerInfo[] = transcript.speakers.map(({ id, label, short, colour }) => ({ id, label, short, colour }));
  let previousTurn: number | undefined;
  const parts: string[] = [];
  for (const segment of transcript.segments) {
    const text = segment.text[lang]?.trim();
    if (text) parts.push(`${segment.turn !== previousTurn ? `>> ${speakerName(speakers, segment.speakerId, lang)}: ` : ''}${text}`);
    previousTurn = segment.turn;
  }
  return normalise(parts.join(' '));
}

export function normalise(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Median and 99th percentile (nearest rank). */
export function percentiles(values: readonly number[]): { median: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { median: at(0.5), p99: at(0.99) };
}
