import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileTranscript } from './compile';
import { importPlainTranscript } from './import/plain-transcript';
import { ImportError, type ImportProblem } from './import/problems';
import { SidecarSchema, type Sidecar } from './import/sidecar';
import type { Transcript } from './model';
import { loadTranslations, type TranslationProblem } from './translations';

/** Largest source file the importers accept: a three-hour transcript is well under 1 MiB. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/**
 * Imports a source file (and its optional sidecar `<name>.json`) into a compiled transcript.
 * Throws `ImportError` with every problem found, each with its file and line; writes nothing.
 */
export interface ImportedFile {
  readonly transcript: Transcript;
  /** Translations that are missing, stale (source changed) or orphaned: reported, never used. */
  readonly translationProblems: readonly TranslationProblem[];
}

export function importTranscriptFile(file: string, displayPath = file, options: { translationsDir?: string } = {}): ImportedFile {
  const source = readFileSync(file);
  if (source.byteLength > MAX_SOURCE_BYTES) {
    throw new ImportError([
      { code: 'too-large', file: displayPath, line: 1, message: `the file is ${source.byteLength} bytes; the limit is ${MAX_SOURCE_BYTES}` },
    ]);
  }
  const { sidecar, problems } = readSidecar(file, displayPath);
  if (problems.length > 0) throw new ImportError(problems);
  const id = sidecar.id ?? idFromPath(file);
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.txt' && ext !== '.md' && ext !== '') {
    throw new ImportError([
      { code: 'unsupported-format', file: displayPath, line: 1, message: `no importer for "${ext}" files; use .txt or .md` },
    ]);
  }
  const result = importPlainTranscript(source.toString('utf8'), {
    file: displayPath,
    id,
    title: sidecar.title,
    languages: sidecar.languages,
    interpretedFrom: sidecar.interpretedFrom,
    speakers: sidecar.speakers,
  });
  if (!result.draft || result.problems.length > 0) throw new ImportError(result.problems);
  const languages = result.draft.languages;
  const translations = options.translationsDir ? loadTranslations(options.translationsDir, id, languages) : {};
  const translationProblems: TranslationProblem[] = [];
  const transcript = compileTranscript(result.draft, {
    evsMs: sidecar.evsMs,
    translations,
    onTranslationProblem: (p) => translationProblems.push(p),
  });
  return { transcript, translationProblems };
}

function readSidecar(file: string, displayPath: string): { sidecar: Sidecar; problems: ImportProblem[] } {
  const sidecarPath = file.replace(/\.[^./]+$/u, '') + '.json';
  if (sidecarPath === file || !existsSync(sidecarPath)) return { sidecar: {}, problems: [] };
  const shown = displayPath.replace(/\.[^./]+$/u, '') + '.json';
  const text = readFileSync(sidecarPath, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/u.exec(String(error))?.[1];
    const line = at ? text.slice(0, Number(at)).split('\n').length : 1;
    return { sidecar: {}, problems: [{ code: 'invalid-metadata', file: shown, line, message: `not valid JSON: ${(error as Error).message}` }] };
  }
  const parsed = SidecarSchema.safeParse(json);
  if (parsed.success) return { sidecar: parsed.data, problems: [] };
  return {
    sidecar: {},
    problems: parsed.error.issues.map((issue) => ({
      code: 'invalid-metadata' as const,
      file: shown,
      line: lineOfKey(text, issue.path.at(-1)),
      message: `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    })),
  };
}

function lineOfKey(text: string, key: PropertyKey | undefined): number {
  if (typeof key !== 'string') return 1;
  const at = text.indexOf(`"${key}"`);
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

export function idFromPath(file: string): string {
  return (
    path
      .basename(file)
      .replace(/\.[^.]+$/u, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/gu, '-')
      .replace(/^-+|-+$/gu, '')
      .slice(0, 64) || 'transcript'
  );
}
