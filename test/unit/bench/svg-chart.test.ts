import { describe, expect, it } from 'vitest';
import { divisions, escapeXml, niceCeil, svgChart } from '../../../bench/lib/svg-chart';

describe('svgChart', () => {
  const chart = svgChart(
    [
      {
        title: 'Lateness <p99>',
        xLabel: 'viewers',
        yLabel: 'ms',
        logX: true,
        guides: [{ y: 15, label: 'goal <15 ms>' }],
        series: [
          { name: 'ours & co', color: '#123456', points: [[10_000, 80], [1000, 5], [50_000, NaN]] },
          { name: 'baseline', color: '#654321', dash: '6 4', points: [[1000, 4], [10_000, 60]] },
        ],
      },
      { title: 'Memory', xLabel: 'viewers', yLabel: 'KiB', series: [] },
    ],
    { title: 'Bench', panelWidth: 400, panelHeight: 300 },
  );

  it('is one standalone SVG document of the right size', () => {
    expect(chart.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="328"')).toBe(true);
    expect(chart.trimEnd().endsWith('</svg>')).toBe(true);
    expect(chart.match(/<svg\b/gu)).toHaveLength(1);
  });

  it('draws one polyline per series with data, leaving out non-finite points, sorted by x', () => {
    const lines = [...chart.matchAll(/<polyline[^>]*points="([^"]+)"/gu)].map((m) => m[1].split(' '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toHaveLength(2);
    const xs = lines[0].map((p) => Number(p.split(',')[0]));
    expect(xs[0]).toBeLessThan(xs[1]);
    expect(chart).toContain('stroke-dasharray="6 4"');
  });

  it('puts the lowest point at the bottom and scales y from 0 to a round maximum', () => {
    expect(chart).toContain('>100</text>'); // niceCeil(80)
    const [, y1000] = /<circle cx="[\d.]+" cy="([\d.]+)" r="3" fill="#123456"><title>ours &amp; co: 1k/u.exec(chart) ?? [];
    const [, y10k] = /<circle cx="[\d.]+" cy="([\d.]+)" r="3" fill="#123456"><title>ours &amp; co: 10k/u.exec(chart) ?? [];
    expect(Number(y1000)).toBeGreaterThan(Number(y10k));
  });

  it('escapes text and says so when a panel has no data', () => {
    expect(chart).toContain('Lateness &lt;p99&gt;');
    expect(chart).not.toContain('<p99>');
    expect(chart).toContain('ours &amp; co');
    expect(chart).toContain('>no data</text>');
  });

  it('draws goal guides as labelled dotted lines', () => {
    expect(chart).toMatch(/<line [^>]*stroke="#c0392b" stroke-dasharray="2 3"\/>/u);
    expect(chart).toContain('>goal &lt;15 ms&gt;</text>');
  });

  it('rounds axis maxima up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([niceCeil(0), niceCeil(0.7), niceCeil(80), niceCeil(101), niceCeil(230), niceCeil(4000), niceCeil(5001)]).toEqual([1, 1, 100, 200, 250, 5000, 10_000]);
    expect([divisions(1), divisions(2), divisions(2.5), divisions(50), divisions(200)]).toEqual([5, 4, 5, 5, 4]);
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});
