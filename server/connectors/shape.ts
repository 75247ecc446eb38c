import type { CaptionSegment, SpeakerInfo } from '../protocol';
import type { Lang } from '../transcript/caption-style';
import { splitSentence } from '../transcript/cues/split-sentence';

/** One caption as an output sends it: a piece of a segment in one language, due at a media time. */
export interface CaptionPiece {
  /** The segment it comes from (its index in the transcript). */
  readonly index: number;
  /** Which piece of the segment (0 for the first). */
  readonly part: number;
  readonly text: string;
  /** The text set on lines of the language's caption style (at most two). */
  readonly lines: readonly string[];
  readonly speaker: string;
  /** Media time at which it is due, and at which it ends. */
  readonly startMs: number;
  readonly endMs: number;
  /** First piece of a speaker's turn. */
  readonly turnStart: boolean;
}

/** Longest Teams CART line (Microsoft: send complete lines of 80 to 120 characters). */
export const TEAMS_MAX_LINE = 120;
/** Shortest Teams CART line the packer aims at; the end of a turn may be shorter. */
export const TEAMS_MIN_LINE = 80;

/** A speaker's name in a language: the short form, else the label, else the id. */
export function speakerName(speakers: readonly SpeakerInfo[], id: string, lang: Lang): string {
  const speaker = speakers.find((s) => s.id === id);
  if (!speaker) return id;
  return speaker.short[lang] ?? speaker.label[lang] ?? Object.values(speaker.label)[0] ?? id;
}

/**
 * A segment's text in `lang` as the captions a line-based platform (Zoom, YouTube, OBS, the
 * webhook) shows: split at clause and phrase boundaries into pieces of at most two lines of the
 * language's style (server/transcript/caption-style.ts), each due at its share of the segment's
 * time. Nothing when the segment has no text in that language.
 */
export function captionPieces(segment: CaptionSegment, lang: Lang, previousTurn: number | undefined, speakers: readonly SpeakerInfo[]): CaptionPiece[] {
  const text = segment.text[lang]?.trim();
  if (!text) return [];
  const span = segment.timing[lang] ?? { startMs: segment.startMs, endMs: segment.endMs };
  const spanMs = Math.max(1, span.endMs - span.startMs);
  const speaker = speakerName(speakers, segment.speakerId, lang);
  const chunks = splitSentence(text, lang, { spanMs });
  return chunks.map((chunk, part) => ({
    index: segment.index,
    part,
    text: chunk.layout.lines.join(' '),
    lines: chunk.layout.lines,
    speaker,
    startMs: Math.round(span.startMs + chunk.from * spanMs),
    endMs: Math.round(span.startMs + chunk.to * spanMs),
    turnStart: part === 0 && segment.turn !== previousTurn,
  }));
}

/**
 * Cuts text into Teams CART lines of at most 120 characters at spaces (a word longer than a line
 * is cut where it must), keeping every line but the last at least 80 where the words allow.
 * Returns the complete lines and what is left over to wait for the next words.
 */
export function packLines(text: string, final: boolean): { lines: string[]; rest: string } {
  const lines: string[] = [];
  let rest = text.replace(/\s+/gu, ' ').trim();
  while ([...rest].length > TEAMS_MAX_LINE || (final && rest.length > 0) || [...rest].length >= TEAMS_MIN_LINE) {
    const chars = [...rest];
    if (chars.length <= TEAMS_MAX_LINE) {
      lines.push(rest);
      rest = '';
      break;
    }
    const head = chars.slice(0, TEAMS_MAX_LINE + 1).join('');
    let cut = head.lastIndexOf(' ');
    if (cut < TEAMS_MIN_LINE / 2) cut = -1;
    if (cut < 0) {
      lines.push(chars.slice(0, TEAMS_MAX_LINE).join(''));
      rest = chars.slice(TEAMS_MAX_LINE).join('').trimStart();
    } else {
      lines.push(head.slice(0, cut));
      rest = rest.slice(cut + 1);
    }
  }
  return { lines, rest };
}
