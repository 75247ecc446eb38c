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

/**
 * What an importer changed to read a file as people have it (a real export), and where: the
 * import goes on, and the presenter or the CLI's user is told. `values` carry the numbers of the
 * message, so that the console can say it in the interface language.
 */
export interface ImportWarning {
  readonly code: ImportWarningCode;
  readonly file: string;
  readonly line: number;
  readonly message: string;
  readonly values?: Readonly<Record<string, string | number>>;
}

export const IMPORT_WARNING_CODES = [
  /** A cue started up to MAX_CLAMPED_OVERLAP_MS before the previous one ended: it now starts at that end. */
  'overlap-clamped',
  /** A cue without text, left out. */
  'empty-cue',
  /** A cue of music alone (`♪`, `[Music]`): CAPTION-STYLE has no music event, so it is left out. */
  'music-cue',
  /** An SRT cue number that does not follow the previous one. */
  'cue-number',
  /** A cue that starts before the one above it in the file: cues are read in time order. */
  'cue-order',
  /** Position codes (`{\an8}`) and formatting tags (`<i>`, `<font>`) removed: captions show plain text. */
  'formatting-removed',
  /** The file was UTF-16 (with a byte-order mark) and was read as such. */
  'utf16',
] as const;
export type ImportWarningCode = (typeof IMPORT_WARNING_CODES)[number];

/** Thrown by strict entry points (CLI, server upload) when a file has problems; nothing is written. */
export class ImportError extends Error {
  constructor(readonly problems: readonly ImportProblem[]) {
    super(formatProblems(problems));
    this.name = 'ImportError';
  }
}

export function formatProblems(problems: readonly (ImportProblem | ImportWarning)[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message} [${p.code}]`).join('\n');
}
