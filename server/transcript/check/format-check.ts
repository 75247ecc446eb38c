import { formatTimestamp } from '../timestamps';
import type { TranscriptCheck } from './check-transcript';

const FORMAT_NAMES = { vtt: 'WebVTT', srt: 'SRT' } as const;

/**
 * `check`'s report: per language, the cue count and the worst value of each rule in each export
 * format, then every violation with its language, format, cue number and rule, then translations.
 */
export function formatCheck(check: TranscriptCheck): string {
  const out: string[] = [`${check.id}: ${check.title}`];
  const langs = [...new Set(check.languages.map((l) => l.lang))];
  for (const lang of langs) {
    const reports = check.languages.filter((l) => l.lang === lang);
    const counts = reports.map((r) => `${r.cueCount} cues in ${FORMAT_NAMES[r.format]}`).join(', ');
    const violations = reports.reduce((n, r) => n + r.violations.length, 0);
    out.push('', `${lang}: ${counts}; ${violations} violation(s)`);
    const width = Math.max(...reports[0].rules.map((r) => r.rule.length));
    out.push(`  ${'rule'.padEnd(width)}  ${reports.map((r) => `worst (${FORMAT_NAMES[r.format]})`.padEnd(18)).join('')}limit`);
    reports[0].rules.forEach((rule, i) => {
      const cells = reports.map((r) => {
        const v = r.rules[i];
        return (v.worst === undefined ? '—' : `${formatNumber(v.worst)} ${v.unit}`).padEnd(18);
      });
      out.push(`  ${rule.rule.padEnd(width)}  ${cells.join('')}${rule.limit}`);
    });
  }
  const violations = check.languages.flatMap((l) => l.violations);
  if (violations.length > 0) {
    out.push('', 'violations:');
    for (const v of violations) {
      out.push(`  ${v.lang} ${FORMAT_NAMES[v.format]} cue ${v.cue} at ${formatTimestamp(v.startMs)}: ${v.rule}: ${v.message}`);
    }
  }
  out.push('');
  if (check.translationProblems.length === 0) out.push('translations: no missing, stale or orphaned translations');
  else {
    out.push(`translations: ${check.translationProblems.length} problem(s)`);
    for (const p of check.translationProblems) out.push(`  ${p.lang} ${p.segmentId}: ${p.code}: ${p.message}`);
  }
  out.push('', check.ok ? 'OK: no violations' : `FAILED: ${check.violationCount} violation(s), ${check.translationProblems.length} translation problem(s)`);
  return out.join('\n');
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}
