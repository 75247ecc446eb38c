/**
 * `HH:MM:SS.mmm` (WebVTT) or `HH:MM:SS,mmm` (SRT) from whole milliseconds. Hours are always
 * written, zero-padded to two digits, as both formats accept.
 */
export function formatTimestamp(ms: number, separator: '.' | ',' = '.'): string {
  const whole = Math.max(0, Math.round(ms));
  const h = Math.floor(whole / 3_600_000);
  const m = Math.floor(whole / 60_000) % 60;
  const s = Math.floor(whole / 1000) % 60;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(whole % 1000, 3)}`;
}
