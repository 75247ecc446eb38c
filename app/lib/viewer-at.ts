import type { Lang, SegmentMessage } from '../../server/protocol';

/**
 * What the viewer shows at a media position besides the lanes' words (rolling-lines.ts): pure, so
 * the components and the re-render signature (viewer-signature.ts) read the same answer.
 */

/** How far the current interpreted text in `lang` trails its source; undefined when it is not interpreted. */
export function lagOf(segments: readonly SegmentMessage[], lang: Lang, positionMs: number): number | undefined {
  for (let i = segments.length - 1; i >= 0; i--) {
    const { segment } = segments[i];
    const span = segment.timing[lang];
    if (!span || span.startMs > positionMs) continue;
    return segment.kind === 'speech' && segment.sourceLang !== lang ? span.startMs - segment.startMs : undefined;
  }
  return undefined;
}

/** The latest segment whose text in `lang` has been said in full: what the screen-reader announcer reads. */
export function latestFinished(segments: readonly SegmentMessage[], lang: Lang, positionMs: number): SegmentMessage | undefined {
  for (let i = segments.length - 1; i >= 0; i--) {
    const span = segments[i].segment.timing[lang];
    if (span && span.endMs <= positionMs && segments[i].segment.text[lang]) return segments[i];
  }
  return undefined;
}

/** The scrollback: every earlier epoch in full, and the current one up to the position. */
export function historySaid(history: readonly SegmentMessage[], positionMs: number): SegmentMessage[] {
  const epoch = history.at(-1)?.epoch;
  return history.filter((m) => m.segment.startMs <= positionMs || m.epoch !== epoch);
}
