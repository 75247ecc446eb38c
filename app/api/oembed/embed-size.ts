/**
 * The iframe's size for an oEmbed answer. oEmbed's `maxwidth`/`maxheight` are maxima the consumer
 * can fit (https://oembed.com, section 2.2), and the caption frame scales: it takes the room it is
 * given, between our floor and ceiling, and the default when none is given. Whatever arrives is a
 * whole number in range afterwards: a negative, zero, fractional, huge or non-numeric value never
 * reaches the snippet.
 */
export const EMBED_SIZE = {
  /** What the console's snippet uses: two lanes of three caption rows. */
  defaultWidthPx: 640,
  defaultHeightPx: 240,
  /**
   * Below these a caption frame shows no whole line (16 px type, one row per lane, the status
   * line): a smaller maximum still gets them, as oEmbed leaves a provider that cannot fit no
   * smaller answer.
   */
  minWidthPx: 200,
  minHeightPx: 80,
  /** A full-HD screen: larger asks are clamped, not honoured. */
  maxWidthPx: 1920,
  maxHeightPx: 1080,
} as const;

export function embedSize(maxwidth: string | null, maxheight: string | null): { width: number; height: number } {
  return {
    width: clamp(maxwidth, EMBED_SIZE.defaultWidthPx, EMBED_SIZE.minWidthPx, EMBED_SIZE.maxWidthPx),
    height: clamp(maxheight, EMBED_SIZE.defaultHeightPx, EMBED_SIZE.minHeightPx, EMBED_SIZE.maxHeightPx),
  };
}

function clamp(raw: string | null, fallback: number, min: number, max: number): number {
  const asked = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
  const size = Number.isFinite(asked) ? Math.floor(asked) : fallback;
  return Math.min(max, Math.max(min, size));
}
