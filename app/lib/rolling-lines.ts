import type { CaptionSegment, Lang, SegmentMessage } from '../../server/protocol';
import { visibleWordCount } from './word-reveal';

/** One speaker's run of text in a lane, as the roll-up shows it. */
export interface RollingTurn {
  readonly key: string;
  readonly turn: number;
  readonly speakerId: string;
  /** True when the lane's text is an interpretation of speech in another language. */
  readonly interpreted: boolean;
  readonly parts: readonly RollingPart[];
}

export interface RollingPart {
  readonly key: string;
  readonly kind: CaptionSegment['kind'];
  readonly text: string;
  readonly words: number;
  /** All of the segment's words are shown. */
  readonly complete: boolean;
}

/** Enough recent segments to fill four rows of the widest layout. */
export const ROLLING_SEGMENTS = 8;

/**
 * What a lane shows at a media position: the most recent segments whose text in `lang` has begun,
 * grouped into turns, each with the words spoken so far.
 */
export function rollingTurns(
  messages: readonly SegmentMessage[],
  lang: Lang,
  positionMs: number,
  limit = ROLLING_SEGMENTS,
): RollingTurn[] {
  const started: { segment: CaptionSegment; words: number; complete: boolean }[] = [];
  for (let i = messages.length - 1; i >= 0 && started.length < limit; i--) {
    const segment = messages[i].segment;
    const span = segment.timing[lang];
    const text = segment.text[lang];
    if (!span || !text || span.startMs > positionMs) continue;
    const words = visibleWordCount(text, span.startMs, span.endMs, positionMs);
    if (words === 0) continue;
    started.push({ segment, words, complete: positionMs >= span.endMs });
  }
  started.reverse();

  const turns: RollingTurn[] = [];
  for (const { segment, words, complete } of started) {
    const part: RollingPart = { key: segment.id, kind: segment.kind, text: segment.text[lang] ?? '', words, complete };
    const last = turns.at(-1);
    if (last && last.turn === segment.turn) {
      const interpreted = last.interpreted || (segment.kind === 'speech' && segment.sourceLang !== lang);
      turns[turns.length - 1] = { ...last, interpreted, parts: [...last.parts, part] };
    } else {
      turns.push({
        key: `${segment.turn}-${segment.id}`,
        turn: segment.turn,
        speakerId: segment.speakerId,
        interpreted: segment.kind === 'speech' && segment.sourceLang !== lang,
        parts: [part],
      });
    }
  }
  return turns;
}
