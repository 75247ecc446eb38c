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

/**
 * A segment with only the languages whose lanes had shown it in full at `positionMs` (the live
 * lanes reveal a sentence word by word; the scrollback takes it once it is whole); undefined when
 * no language has.
 */
export function finishedBy(m: SegmentMessage, positionMs: number): SegmentMessage | undefined {
  const langs = Object.keys(m.segment.text).filter((lang) => {
    const span = m.segment.timing[lang];
    return span !== undefined && span.endMs <= positionMs;
  });
  if (langs.length === 0) return undefined;
  if (langs.length === Object.keys(m.segment.text).length) return m;
  const keep = <T>(record: Partial<Record<Lang, T>>) => Object.fromEntries(langs.map((l) => [l, record[l]])) as Partial<Record<Lang, T>>;
  return { ...m, segment: { ...m.segment, text: keep(m.segment.text), timing: keep(m.segment.timing) } };
}

/**
 * The scrollback at a media position: earlier epochs as they were closed (viewer-state.ts keeps
 * only what their lanes had finished), and in the current `epoch` each language's line once its
 * lane has shown it whole, so the scrollback never runs ahead of the live lanes, each booth
 * trailing its source by its own interpreting delay as the lanes do.
 */
export function scrollbackAt(history: readonly SegmentMessage[], epoch: number, positionMs: number): SegmentMessage[] {
  const out: SegmentMessage[] = [];
  for (const m of history) {
    if (m.epoch !== epoch) out.push(m);
    else {
      const shown = finishedBy(m, positionMs);
      if (shown) out.push(shown);
    }
  }
  return out;
}

/** How many lines (segment and language) the scrollback shows: it only grows with the position, so the count tells its content. */
export function scrollbackLineCount(said: readonly SegmentMessage[]): number {
  let n = 0;
  for (const m of said) n += Object.keys(m.segment.text).length;
  return n;
}
