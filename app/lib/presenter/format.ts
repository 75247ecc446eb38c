/** Media time as a person reads it on a clock: `m:ss` under an hour (`03:07`), `h:mm:ss` beyond. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/** Playback rate as shown on the controls: `1×`, `0.75×`, `1.5×`. */
export function formatRate(rate: number): string {
  return `${Number(rate.toFixed(2))}×`;
}

/** Fills `{name}` placeholders of an interface string; an unknown placeholder stays visible. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/gu, (match, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : match));
}
