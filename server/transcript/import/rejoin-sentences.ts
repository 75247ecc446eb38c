import type { SoundEvent } from '../sound-events';
import type { RawCue } from './caption-file';
import { readCueParts } from './cue-parts';
import type { ImportProblem } from './problems';
import { splitSentences } from './sentences';
import type { SpeakerResolver } from './speaker-resolver';

/** A sentence (or a sound event) of a timed file, with its speaker, turn and time. */
export type TimedItem =
  | { readonly kind: 'speech'; readonly turn: number; readonly speakerId: string; readonly text: string; readonly startMs: number; readonly endMs: number; readonly line: number }
  | { readonly kind: 'sound'; readonly turn: number; readonly speakerId: string; readonly sound: SoundEvent; readonly startMs: number; readonly endMs: number; readonly line: number };

/** A sound label's share of its cue's time, in characters: about as long as "[laughter]". */
const SOUND_LABEL_CHARS = 10;

interface TimedText {
  readonly text: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly line: number;
}

/**
 * Captions break sentences across cues; a transcript holds sentences. Each turn's text is joined
 * and split into sentences again. A sentence spans from the start of the cue it begins in to the
 * end of the cue it ends in; where it begins or ends inside a cue, it gets that cue's time in
 * proportion to its characters. A cue that names a speaker, or a `>>`, starts a turn; cues that
 * name nobody continue the previous speaker's; a file that never names one has one unknown speaker.
 */
export function rejoinSentences(cues: readonly RawCue[], file: string, speakers: SpeakerResolver, problems: ImportProblem[]): TimedItem[] {
  const items: TimedItem[] = [];
  let speakerId: string | undefined;
  let turn = -1;
  let open: TimedText[] = [];
  const flush = () => {
    if (open.length > 0 && speakerId !== undefined) for (const item of sentencesOf(open, turn, speakerId)) items.push(item);
    open = [];
  };
  for (const cue of cues) {
    const parts = readCueParts(cue.text);
    const weights = parts.map((p) => p.pieces.reduce((n, piece) => n + (piece.kind === 'text' ? piece.text.length : SOUND_LABEL_CHARS) + 1, 0));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    let at = 0;
    parts.forEach((part, p) => {
      const id = part.speaker ? speakers.resolve(part.speaker, file, cue.line, problems) : part.newTurn || speakerId === undefined ? speakers.unknown() : speakerId;
      if (id !== speakerId || part.newTurn) {
        flush();
        speakerId = id;
        turn++;
      }
      const partStart = cue.startMs + ((cue.endMs - cue.startMs) * at) / total;
      const partEnd = cue.startMs + ((cue.endMs - cue.startMs) * (at + weights[p])) / total;
      at += weights[p];
      const pieceTotal = weights[p] || 1;
      let pieceAt = 0;
      for (const piece of part.pieces) {
        const length = (piece.kind === 'text' ? piece.text.length : SOUND_LABEL_CHARS) + 1;
        const startMs = partStart + ((partEnd - partStart) * pieceAt) / pieceTotal;
        const endMs = p === parts.length - 1 && piece === part.pieces.at(-1) ? cue.endMs : partStart + ((partEnd - partStart) * (pieceAt + length)) / pieceTotal;
        pieceAt += length;
        if (piece.kind === 'sound') {
          flush();
          items.push({ kind: 'sound', turn, speakerId: id, sound: piece.sound, startMs: Math.round(startMs), endMs: Math.round(endMs), line: cue.line });
        } else {
          open.push({ text: piece.text, startMs, endMs, line: cue.line });
        }
      }
    });
  }
  flush();
  return items;
}

function sentencesOf(pieces: readonly TimedText[], turn: number, speakerId: string): TimedItem[] {
  const offsets: number[] = [];
  let joined = '';
  for (const piece of pieces) {
    if (joined) joined += ' ';
    offsets.push(joined.length);
    joined += piece.text;
  }
  const timeAt = (offset: number, end: boolean): { ms: number; line: number } => {
    // The last piece that starts before the offset (at or before it for a start): a binary search,
    // as one turn may hold fifty thousand cues and as many sentences.
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (end ? offsets[mid] < offset : offsets[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const piece = pieces[lo];
    const share = Math.min(1, Math.max(0, (offset - offsets[lo]) / piece.text.length));
    return { ms: Math.round(piece.startMs + (piece.endMs - piece.startMs) * share), line: piece.line };
  };
  const items: TimedItem[] = [];
  let cursor = 0;
  for (const sentence of splitSentences(joined)) {
    const at = joined.indexOf(sentence, cursor);
    cursor = at + sentence.length;
    const start = timeAt(at, false);
    const end = timeAt(at + sentence.length, true);
    items.push({ kind: 'speech', turn, speakerId, text: sentence, startMs: start.ms, endMs: Math.max(end.ms, start.ms + 1), line: start.line });
  }
  return items;
}
