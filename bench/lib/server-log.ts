/**
 * What went wrong according to a server's own output: pino lines at warn (40) or above, and any
 * line that is not JSON (an uncaught error, a Node.js warning). The output a NodeProcess keeps is
 * its start and its recent end when it grows past 200 kB, so a very long log is read in part.
 */
export interface LogProblems {
  readonly count: number;
  /** The first problem line, cut to 300 characters. */
  readonly first: string | null;
}

function isProblem(line: string): boolean {
  if (!line.trim()) return false;
  try {
    const entry = JSON.parse(line) as { level?: unknown };
    return typeof entry.level === 'number' && entry.level >= 40;
  } catch {
    return true;
  }
}

export function logProblems(output: string): LogProblems {
  const problems = output.split('\n').filter(isProblem);
  return { count: problems.length, first: problems[0]?.slice(0, 300) ?? null };
}
