/** A problem found while importing a file: what, and where (file and 1-based line). */
export interface ImportProblem {
  readonly code: ImportProblemCode;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export const IMPORT_PROBLEM_CODES = [
  'empty-file',
  'no-speech',
  'unknown-speaker',
  'bad-header',
  'bad-timestamp',
  'bad-encoding',
  'too-many-files',
  'bad-cue',
  'overlapping-cues',
  'empty-cue',
  'unknown-direction',
  'unsupported-format',
  'too-large',
  'invalid-metadata',
] as const;
export type ImportProblemCode = (typeof IMPORT_PROBLEM_CODES)[number];

/** Thrown by strict entry points (CLI, server upload) when a file has problems; nothing is written. */
export class ImportError extends Error {
  constructor(readonly problems: readonly ImportProblem[]) {
    super(formatProblems(problems));
    this.name = 'ImportError';
  }
}

export function formatProblems(problems: readonly ImportProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message} [${p.code}]`).join('\n');
}
