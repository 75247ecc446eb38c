import type { Lang, SegmentMessage } from '../../server/protocol';
import { rollingTurns, type RollingTurn } from './rolling-lines';
import { lagOf, latestFinished, scrollbackAt, scrollbackLineCount } from './viewer-at';

/**
 * A string that changes exactly when what the caption viewer shows at a media position changes:
 * the render gate (render-gate.ts) re-renders the page only then. Everything position-dependent the
 * viewer renders is in it, computed by the same functions the components use; nothing else is, so
 * a frame that reveals no word costs no render.
 */

/** A lane's visible segments with their visible word counts and complete flags. */
export function turnsSignature(turns: readonly RollingTurn[]): string {
  // Part keys, not only counts: when the oldest segment rolls off as a new one starts, the
  // counts alone can repeat.
  return turns.map((turn) => turn.parts.map((p) => `${p.key}:${p.words}${p.complete ? '.' : ''}`).join(',')).join('/');
}

export interface ViewerShown {
  readonly segments: readonly SegmentMessage[];
  /** The lanes shown, leading language first (the announcer reads it). */
  readonly lanes: readonly Lang[];
  /** The scrollback, when its panel is open. */
  readonly history?: readonly SegmentMessage[];
  /** The clock epoch the lanes are in (the scrollback trims it to the position). */
  readonly epoch?: number;
}

export function viewerSignature({ segments, lanes, history, epoch }: ViewerShown, positionMs: number): string {
  const out = lanes.map((lang) => `${lang}[${turnsSignature(rollingTurns(segments, lang, positionMs))}]${lagOf(segments, lang, positionMs) ?? ''}`);
  const lead = lanes[0];
  const finished = lead ? latestFinished(segments, lead, positionMs) : undefined;
  out.push(finished ? `said ${finished.epoch}-${finished.segment.index}` : 'said');
  // Within an epoch the scrollback only grows with the position (a line joins once its lane has
  // finished it), so its line count tells its content.
  if (history) out.push(`history ${scrollbackLineCount(scrollbackAt(history, epoch ?? history.at(-1)?.epoch ?? 0, positionMs))}`);
  return out.join(' ');
}
