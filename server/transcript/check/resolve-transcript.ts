import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { importInWorker } from '../worker/import-in-worker';
import { TranscriptSchema, type Transcript } from '../model';
import type { TranslationProblem } from '../translations';

export interface ResolvedTranscript {
  readonly transcript: Transcript;
  readonly translationProblems: readonly TranslationProblem[];
  /** Where it came from, for messages. */
  readonly from: string;
}

export interface ResolveOptions {
  /** `data/`: compiled transcripts in `transcripts/`, translations in `translations/`. */
  readonly dataDir: string;
}

/**
 * What `check` and `export` work on: a transcript id (`vienna-2015-11-14`, from
 * `<dataDir>/transcripts/`), a compiled transcript `.json`, or a source file (`.txt`, `.md`,
 * `.srt`, `.vtt`) imported in memory. A compiled transcript whose source is a plain transcript
 * is compared with its translation files again, so missing, stale and orphaned translations show.
 */
export async function resolveTranscript(idOrPath: string, options: ResolveOptions): Promise<ResolvedTranscript> {
  const translationsDir = path.join(options.dataDir, 'translations');
  const isFile = existsSync(idOrPath) && path.extname(idOrPath) !== '';
  if (isFile && path.extname(idOrPath).toLowerCase() !== '.json') {
    const imported = await importInWorker({ kind: 'source', file: idOrPath, options: { translationsDir }, check: false });
    return { transcript: imported.transcript, translationProblems: imported.translationProblems, from: idOrPath };
  }
  const file = isFile ? idOrPath : path.join(options.dataDir, 'transcripts', `${idOrPath}.json`);
  if (!existsSync(file)) throw new Error(`no transcript "${idOrPath}": neither a file nor ${file}`);
  const parsed = TranscriptSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: not a valid compiled transcript: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const transcript = parsed.data;
  const source = transcript.meta.sourceFile;
  let translationProblems: readonly TranslationProblem[] = [];
  if (/\.(txt|md)$/iu.test(source) && existsSync(source)) {
    translationProblems = (await importInWorker({ kind: 'source', file: source, options: { translationsDir }, check: false })).translationProblems;
  }
  return { transcript, translationProblems, from: file };
}
