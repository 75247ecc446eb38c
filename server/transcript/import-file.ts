import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileTranscript } from './compile';
import { cleanSourceText } from './import/clean-text';
import { importPlainTranscript } from './import/plain-transcript';
import { decodeSource } from './import/decode-source';
import { ImportError, type ImportProblem, type ImportWarning } from './import/problems';
import { SidecarSchema, type Sidecar } from './import/sidecar';
import type { Transcript } from './model';
import type { Lang } from './caption-style';
import type { TranscriptCheck } from './check/check-transcript';
import { MAX_SOURCE_BYTES, idFromName, importUpload, langFromName, langFromScript, type UploadFile } from './import-upload';

export { MAX_SOURCE_BYTES };
import { loadTranslations, type TranslationProblem } from './translations';


/**
 * Imports a source file (and its optional sidecar `<name>.json`) into a compiled transcript.
 * Throws `ImportError` with every problem found, each with its file and line; writes nothing.
 */
export interface ImportedFile {
  readonly transcript: Transcript;
  /** Translations that are missing, stale (source changed) or orphaned: reported, never used. */
  readonly translationProblems: readonly TranslationProblem[];
  /** What was changed to read the file (a UTF-16 file, clamped overlaps…), with file and line. */
  readonly warnings: readonly ImportWarning[];
}

export function importTranscriptFile(file: string, displayPath = file, options: { translationsDir?: string; lang?: Lang } = {}): ImportedFile {
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
      { code: 'unsupported-format', file: displayPath, line: 1, message: `no importer for "${ext}" files here; use .txt or .md, or importSourceFiles for .srt and .vtt` },
    ]);
  }
  const decoded = decodeSource(source, displayPath);
  if (!decoded.ok) throw new ImportError([decoded.problem]);
  const text = cleanSourceText(decoded.text);
  const result = importPlainTranscript(text, {
    file: displayPath,
    id,
    title: sidecar.title,
    // The languages the sidecar names; else the one the text is in (--lang, the file's name, its script).
    languages: sidecar.languages ?? [options.lang ?? langFromName(file) ?? langFromScript(text)],
    interpretedFrom: sidecar.interpretedFrom,
    speakers: sidecar.speakers,
  });
  if (!result.draft || result.problems.length > 0) throw new ImportError(result.problems);
  const translations = options.translationsDir ? loadTranslations(options.translationsDir, id) : {};
  const translationProblems: TranslationProblem[] = [];
  const transcript = compileTranscript(result.draft, {
    evsMs: sidecar.evsMs,
    translations,
    onTranslationProblem: (p) => translationProblems.push(p),
  });
  return { transcript, translationProblems, warnings: decoded.warnings };
}

export interface SourceImportOptions {
  /** The language of the first file (else from its name, `talk.ru.vtt`, or its script). */
  readonly lang?: Lang;
  /** Timed files in other languages (one per booth), each paired with the first by time; each one's language from its name. */
  readonly pairs?: readonly string[];
  readonly translationsDir?: string;
}

/**
 * Imports a source from disk: a plain transcript (with its translations), or SRT/WebVTT captions,
 * alone or paired with the other language's file. The sidecar `<name>.json` (or, for
 * `talk.en.vtt`, `talk.json`) supplies id, title, speakers and the ear-voice span. Throws
 * `ImportError` with every problem; writes nothing.
 */
export async function importSourceFiles(file: string, options: SourceImportOptions = {}): Promise<ImportedFile & { check?: TranscriptCheck }> {
  const shown = (f: string) => path.relative(process.cwd(), path.resolve(f)) || f;
  const ext = path.extname(file).toLowerCase();
  const pairs = options.pairs ?? [];
  if ((ext === '.txt' || ext === '.md') && pairs.length === 0) {
    return importTranscriptFile(file, shown(file), { translationsDir: options.translationsDir, ...(options.lang ? { lang: options.lang } : {}) });
  }
  const { sidecar, problems } = readSidecar(file, shown(file));
  if (problems.length > 0) throw new ImportError(problems);
  const files: UploadFile[] = [file, ...pairs].map((f, i) => {
    const lang = i === 0 ? options.lang : undefined;
    return { name: shown(f), content: readFileSync(f), ...(lang ? { lang } : {}) };
  });
  const result = await importUpload({
    files,
    options: {
      id: sidecar.id ?? idFromName(file),
      title: sidecar.title,
      speakers: sidecar.speakers,
      requireKnownSpeakers: sidecar.requireKnownSpeakers,
      evsMs: sidecar.evsMs,
      ...(options.lang ? { sourceLang: options.lang } : {}),
    },
  });
  if (!result.ok) throw new ImportError(result.problems);
  return { transcript: result.transcript, translationProblems: [], check: result.check, warnings: result.warnings };
}

function readSidecar(file: string, displayPath: string): { sidecar: Sidecar; problems: ImportProblem[] } {
  const candidates = [file.replace(/\.[^./]+$/u, ''), file.replace(/(\.[a-z]{2})?\.[^./]+$/iu, '')].map((base) => `${base}.json`);
  const sidecarPath = candidates.find((c) => c !== file && existsSync(c));
  if (!sidecarPath) return { sidecar: {}, problems: [] };
  const shown = path.join(path.dirname(displayPath), path.basename(sidecarPath));
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
