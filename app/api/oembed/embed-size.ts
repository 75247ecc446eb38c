/**
 * The iframe's size for an oEmbed answer. oEmbed's `maxwidth`/`maxheight` are maxima the consumer
 * can fit (https://oembed.com, section 2.2), and the caption frame scales: it takes the room it is
 * given, between our floor and ceiling, and the default when none is given. Whatever arrives is a
 * whole number in range afterwards: a negative, zero, fractional, huge or non-numeric value never
 * reaches the snippet.
 */
/**
 * The frame height that shows `lanes` lanes of `rows` caption rows, each with its now-speaking
 * heading, at EMBED_TEXT_PX: the embed sizes its text from the frame's height (app/embed/[room]/route.ts,
 * `section` font-size), so this height gives every lane's newest line whole at that size. The
 * embed's fixed height: its own padding and the status line (22 px) and each lane's padding and gap (14 px).
 */
export function embedFrameHeightPx(lanes: number, rows = 3): number {
  return Math.ceil((22 + lanes * (14 + (rows + 1) * EMBED_LINE_EM * EMBED_TEXT_PX)) / 10) * 10;
}
/** Caption text size the console's snippet is made for, and the embed's line height in em. */
export const EMBED_TEXT_PX = 24;
export const EMBED_LINE_EM = 1.45;

export const EMBED_SIZE = {
  /** What the console's snippet uses: two lanes of three caption rows, 24 px text. */
  defaultWidthPx: 640,
  defaultHeightPx: embedFrameHeightPx(2),
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
