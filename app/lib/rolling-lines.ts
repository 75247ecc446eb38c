import type { CaptionSegment, Lang, SegmentMessage } from '../../server/protocol';
import { firstWords, visibleWordCount } from './word-reveal';

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

  // Built in place: the arrays are this call's own until it returns them.
  const turns: { key: string; turn: number; speakerId: string; interpreted: boolean; parts: RollingPart[] }[] = [];
  for (const { segment, words, complete } of started) {
    const part: RollingPart = { key: segment.id, kind: segment.kind, text: segment.text[lang] ?? '', words, complete };
    const interpreted = segment.kind === 'speech' && segment.sourceLang !== lang;
    const last = turns.at(-1);
    if (last?.turn === segment.turn) {
      last.interpreted ||= interpreted;
      last.parts.push(part);
    } else turns.push({ key: `${segment.turn}-${segment.id}`, turn: segment.turn, speakerId: segment.speakerId, interpreted, parts: [part] });
  }
  return turns;
}

/** A run of one part's words on a stage line: a sound label or speech, as the part was. */
export interface StagePiece {
  readonly key: string;
  /** `label`: the speaker's label (with its colon), which wraps like any words when it is long. */
  readonly kind: CaptionSegment['kind'] | 'label';
  readonly text: string;
}

/** One line of a stage lane: at most the language's characters per line, counting `>>` and the label. */
export interface StageLine {
  readonly key: string;
  readonly turn: RollingTurn;
  /** The turn's first line, the one that carries `>>` and the speaker's label. */
  readonly first: boolean;
  readonly pieces: readonly StagePiece[];
}

export interface StageLane {
  /** The newest `rows` lines, oldest first. */
  readonly lines: readonly StageLine[];
  /** The current turn, when its first line (with its label) is no longer among `lines`. */
  readonly nowSpeaking: RollingTurn | undefined;
}

/**
 * A lane cut into lines the way a broadcast caption is: greedy, whole words, each line at most
 * `maxChars` characters including the turn's `>>` and `labelOf(turn)` (its label as shown, with its
 * colon, wrapped like words when a long name and its "interpreted" mark do not fit); a word longer than a line (unspaced scripts: Chinese, Japanese, Thai) fills the line and runs on. Greedy
 * breaking never moves an earlier break when words are added at the end, so lines do not jump as a
 * sentence is spoken. Only the newest `rows` lines are kept; the input is bounded by rollingTurns'
 * segment limit, and each character is visited once.
 */
export function stageLines(turns: readonly RollingTurn[], maxChars: number, rows: number, labelOf: (turn: RollingTurn) => string | undefined): StageLane {
  const limit = Math.max(1, Math.floor(maxChars));
  const lines: StageLine[] = [];
  for (const turn of turns) {
    let pieces: StagePiece[] = [];
    let used = Math.min(limit, 2);
    let first = true;
    let index = 0;
    const close = () => {
      lines.push({ key: `${turn.turn}:${index++}`, turn, first, pieces });
      pieces = [];
      used = 0;
      first = false;
    };
    const label = labelOf(turn);
    const flow = [...(label ? [{ key: 'label', kind: 'label' as const, shown: label }] : []), ...turn.parts.map((part) => ({ ...part, shown: part.complete ? part.text : firstWords(part.text, part.words) }))];
    for (const part of flow) {
      const shown = part.shown;
      for (const word of shown.split(' ').filter(Boolean)) {
        // Characters as a reader counts them: code points, so a surrogate pair is one.
        let rest = Array.from(word);
        while (rest.length > 0) {
          const room = limit - used - (used > 0 ? 1 : 0);
          // A word that fits a line of its own moves to the next; a longer one (an unspaced
          // script) fills this line and runs on, so no line is left with `>>` alone.
          const take = rest.length <= room ? rest.length : rest.length > limit ? room : 0;
          if (take <= 0) {
            close();
            continue;
          }
          const chunk = rest.slice(0, take).join('');
          const last = pieces.at(-1);
          if (last && last.key === part.key) pieces[pieces.length - 1] = { ...last, text: `${last.text} ${chunk}` };
          else pieces.push({ key: part.key, kind: part.kind, text: chunk });
          used += (used > 0 ? 1 : 0) + take;
          rest = rest.slice(take);
          if (rest.length > 0) close();
        }
      }
    }
    if (pieces.length > 0 || first) close();
  }
  const shown = lines.slice(-Math.max(1, rows));
  const current = turns.at(-1);
  const labelShown = shown.some((line) => line.first && line.turn === current);
  return { lines: shown, nowSpeaking: current && !labelShown ? current : undefined };
}
