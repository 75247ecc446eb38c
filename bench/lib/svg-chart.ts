/**
 * Hand-written SVG line charts, no library: panels side by side, each with its own axes, a
 * logarithmic or linear x axis, a y axis from 0, one polyline (and dots) per series, a legend.
 * Points with a non-finite coordinate are left out.
 */
export interface Series {
  readonly name: string;
  readonly color: string;
  /** stroke-dasharray, e.g. "6 4", for a dashed line. */
  readonly dash?: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface Panel {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly logX?: boolean;
  /** Horizontal reference lines (goals), drawn dotted and labelled. */
  readonly guides?: readonly { readonly y: number; readonly label: string }[];
}

export interface ChartOptions {
  readonly title?: string;
  readonly panelWidth?: number;
  readonly panelHeight?: number;
}

const MARGIN = { left: 64, right: 16, top: 40, bottom: 48 };
const LEGEND_ROW = 18;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten, at least `max`. */
export function niceCeil(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= max) return m * power;
  return 10 * power;
}

/** Grid divisions that give round tick values for a `niceCeil` maximum (2 → 4 steps of 0.5, else 5). */
export function divisions(niceMax: number): number {
  const mantissa = Math.round(niceMax / 10 ** Math.floor(Math.log10(niceMax)));
  return mantissa === 2 ? 4 : 5;
}

function formatTick(value: number): string {
  if (value >= 1000 && value % 1000 === 0) return `${value / 1000}k`;
  if (Number.isInteger(value)) return String(value);
  return value.toPrecision(3).replace(/\.?0+$/u, '');
}

const num = (n: number) => (Math.round(n * 10) / 10).toString();

function panelSvg(panel: Panel, offsetX: number, width: number, height: number): string {
  const points = panel.series.flatMap((s) => s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!panel.logX || x > 0)));
  const plotW = width - MARGIN.left - MARGIN.right;
  const legendH = panel.series.length * LEGEND_ROW;
  const plotH = height - MARGIN.top - MARGIN.bottom - legendH;
  const parts: string[] = [`<g transform="translate(${offsetX},0)">`];
  parts.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(panel.title)}</text>`);
  const x0 = MARGIN.left;
  const y0 = MARGIN.top + plotH;
  parts.push(`<line x1="${x0}" y1="${MARGIN.top}" x2="${x0}" y2="${y0}" stroke="#333"/>`, `<line x1="${x0}" y1="${y0}" x2="${x0 + plotW}" y2="${y0}" stroke="#333"/>`);
  parts.push(`<text x="${x0 + plotW / 2}" y="${y0 + 36}" text-anchor="middle" font-size="12">${escapeXml(panel.xLabel)}</text>`);
  parts.push(`<text transform="translate(16,${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(panel.yLabel)}</text>`);
  if (points.length === 0) {
    parts.push(`<text x="${x0 + plotW / 2}" y="${MARGIN.top + plotH / 2}" text-anchor="middle" font-size="12" fill="#888">no data</text>`, '</g>');
    return parts.join('');
  }
  const xs = [...new Set(points.map(([x]) => x))].sort((a, b) => a - b);
  let xMin = xs[0];
  let xMax = xs[xs.length - 1];
  if (xMin === xMax) {
    xMin = panel.logX ? xMin / 2 : xMin - 1;
    xMax = panel.logX ? xMax * 2 : xMax + 1;
  }
  const tx = (x: number) =>
    panel.logX ? x0 + ((Math.log10(x) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * plotW : x0 + ((x - xMin) / (xMax - xMin)) * plotW;
  const guides = (panel.guides ?? []).filter((g) => Number.isFinite(g.y) && g.y > 0);
  const yMax = niceCeil(Math.max(...points.map(([, y]) => y), ...guides.map((g) => g.y)));
  const ty = (y: number) => y0 - (Math.max(0, y) / yMax) * plotH;
  const steps = divisions(yMax);
  for (let i = 0; i <= steps; i++) {
    const v = (yMax * i) / steps;
    parts.push(
      `<line x1="${x0}" y1="${num(ty(v))}" x2="${x0 + plotW}" y2="${num(ty(v))}" stroke="#ddd"/>`,
      `<text x="${x0 - 6}" y="${num(ty(v) + 4)}" text-anchor="end" font-size="11">${formatTick(v)}</text>`,
    );
  }
  for (const x of xs) parts.push(`<text x="${num(tx(x))}" y="${y0 + 16}" text-anchor="middle" font-size="11">${formatTick(x)}</text>`);
  panel.series.forEach((s, i) => {
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!panel.logX || x > 0)).sort((a, b) => a[0] - b[0]);
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    if (pts.length > 0) {
      parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${pts.map(([x, y]) => `${num(tx(x))},${num(ty(y))}`).join(' ')}"/>`);
      for (const [x, y] of pts) parts.push(`<circle cx="${num(tx(x))}" cy="${num(ty(y))}" r="3" fill="${s.color}"><title>${escapeXml(`${s.name}: ${formatTick(x)} → ${y.toFixed(2)}`)}</title></circle>`);
    }
    const ly = height - legendH + i * LEGEND_ROW;
    parts.push(
      `<line x1="${x0}" y1="${ly}" x2="${x0 + 24}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${x0 + 30}" y="${ly + 4}" font-size="11">${escapeXml(s.name)}</text>`,
    );
  });
  for (const g of guides) {
    parts.push(
      `<line x1="${x0}" y1="${num(ty(g.y))}" x2="${x0 + plotW}" y2="${num(ty(g.y))}" stroke="#c0392b" stroke-dasharray="2 3"/>`,
      `<text x="${x0 + 4}" y="${num(ty(g.y) - 4)}" font-size="10" fill="#c0392b" stroke="#fff" stroke-width="3" paint-order="stroke">${escapeXml(g.label)}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

export function svgChart(panels: readonly Panel[], options: ChartOptions = {}): string {
  const panelW = options.panelWidth ?? 420;
  const panelH = options.panelHeight ?? 340;
  const titleH = options.title ? 28 : 0;
  const width = panelW * Math.max(1, panels.length);
  const height = panelH + titleH;
  const body = panels.map((p, i) => panelSvg(p, i * panelW, panelW, panelH)).join('');
  const title = options.title ? `<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">` +
    `<rect width="100%" height="100%" fill="#fff"/>${title}<g transform="translate(0,${titleH})">${body}</g></svg>\n`
  );
}
