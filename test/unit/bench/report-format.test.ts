import { describe, expect, it } from 'vitest';
import { markdownTable, textTable } from '../../../bench/lib/table';
import { formatNumber, ratio } from '../../../bench/report';

describe('report formatting', () => {
  it('divides ours by the baseline only for two positive measurements', () => {
    expect(ratio(15, 10)).toBe(1.5);
    expect(ratio(0, 10)).toBe(0);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(-1, 10)).toBeNull();
    expect(ratio(null, 10)).toBeNull();
    expect(ratio(NaN, 10)).toBeNull();
  });

  it('prints numbers with sensible precision', () => {
    expect([formatNumber(0.1234), formatNumber(12.345), formatNumber(181.7), formatNumber(3, 'count'), formatNumber(null), formatNumber(NaN)]).toEqual([
      '0.12',
      '12.3',
      '182',
      '3',
      '—',
      '—',
    ]);
  });

  it('aligns a text table and escapes pipes in a Markdown one', () => {
    expect(textTable(['a', 'num'], [['x', '1'], ['long', '22']], ['left', 'right'])).toBe('a     num\n----  ---\nx       1\nlong   22');
    expect(markdownTable(['a', 'b'], [['x|y', '2']], ['left', 'right'])).toBe('| a | b |\n|---|---:|\n| x\\|y | 2 |');
  });
});

describe('machine CPU from /proc/stat', () => {
  it('counts user, nice, system, irq and softirq as busy, steal apart, in seconds', async () => {
    const { parseProcStat } = await import('../../../bench/lib/cpu-load');
    const stat = 'cpu  100 20 30 5000 40 5 5 7 0 0\ncpu0 50 10 15 2500 20 2 3 3 0 0\nintr 1\n';
    expect(parseProcStat(stat)).toEqual({ busy: 1.6, steal: 0.07 });
  });
});
