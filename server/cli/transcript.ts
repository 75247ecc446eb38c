import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { canonicalLanguageTag } from '../language-tags';
import type { Lang } from '../transcript/caption-style';
import { checkTranscript } from '../transcript/check/check-transcript';
import { formatCheck } from '../transcript/check/format-check';
import { resolveTranscript } from '../transcript/check/resolve-transcript';
import { exportCaptions } from '../transcript/export/export-captions';
import { importInWorker } from '../transcript/worker/import-in-worker';
import { ImportError } from '../transcript/import/problems';
import { saveTranscript } from '../transcript/store';

/**
 * `npm run transcript -- <command>`:
 *
 * - `import <file.txt|file.srt|file.vtt> [--lang en|ru] [--pair other.vtt] [--out <dir>]`: import a
 *   source and write the compiled JSON to data/transcripts/ (or --out). Problems are printed with
 *   file and line, and nothing is written when there are any.
 * - `check <id-or-path>`: the transcript's cues per language against the house style and its
 *   translations; exits 1 on any violation or translation problem.
 * - `export <id-or-path> --format vtt|srt --lang en|ru|both [--out <file>]`: caption file to
 *   stdout or --out.
 */
const USAGE = [
  'usage: npm run transcript -- import <file.txt|file.srt|file.vtt> [--lang en|ru] [--pair <other.srt|other.vtt>] [--out <dir>]',
  '       npm run transcript -- check <transcript-id-or-path>',
  '       npm run transcript -- export <transcript-id-or-path> --format vtt|srt --lang en|ru|both [--out <file>]',
].join('\n');

const DATA_DIR = process.env.DATA_DIR ?? 'data';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { out: { type: 'string' }, lang: { type: 'string' }, pair: { type: 'string' }, format: { type: 'string' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const target = positionals[0];
  try {
    switch (command) {
      case 'import':
        return await runImport(target, values);
      case 'check':
        return await runCheck(target);
      case 'export':
        return await runExport(target, values);
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(error.message);
      console.error(`${error.problems.length} problem(s); nothing was written.`);
      return 1;
    }
    console.error(`${target}: ${(error as Error).message}`);
    return 1;
  }
}

function langOption(value: string | undefined, name: string): Lang | undefined {
  if (value === undefined) return undefined;
  const tag = canonicalLanguageTag(value);
  if (tag === undefined) throw new Error(`${name} must be a BCP 47 language tag (en, ru, fr, ar, zh-Hans, pt-BR), not "${value}"`);
  return tag;
}

async function runImport(file: string, values: { out?: string; lang?: string; pair?: string }): Promise<number> {
  const { transcript, translationProblems, check } = await importInWorker({
    kind: 'source',
    file,
    options: { lang: langOption(values.lang, '--lang'), ...(values.pair ? { pair: values.pair } : {}), translationsDir: path.join(DATA_DIR, 'translations') },
    check: true,
  });
  const written = saveTranscript(values.out ?? path.join(DATA_DIR, 'transcripts'), transcript);
  const minutes = (transcript.durationMs / 60_000).toFixed(1);
  console.log(`${written}: ${transcript.segments.length} segments, ${transcript.speakers.length} speakers, ${minutes} min`);
  for (const note of transcript.meta.notes) console.log(`  note: ${note}`);
  for (const p of translationProblems) console.warn(`  translation ${p.lang} ${p.segmentId}: ${p.code}: ${p.message}`);
  const report = check ?? checkTranscript(transcript, translationProblems);
  if (!report.ok) {
    console.warn(`\nThe captions of this transcript do not meet the house style yet:\n${formatCheck(report)}`);
  }
  return 0;
}

async function runCheck(target: string): Promise<number> {
  const { transcript, translationProblems } = await resolveTranscript(target, { dataDir: DATA_DIR });
  const report = checkTranscript(transcript, translationProblems);
  console.log(formatCheck(report));
  return report.ok ? 0 : 1;
}

async function runExport(target: string, values: { out?: string; lang?: string; format?: string }): Promise<number> {
  if (!values.format || !values.lang) {
    console.error(USAGE);
    return 2;
  }
  const { transcript } = await resolveTranscript(target, { dataDir: DATA_DIR });
  const result = exportCaptions(transcript, values.format, values.lang);
  if (!result.ok) {
    console.error(`${target}: ${result.message}`);
    return 2;
  }
  if (values.out) {
    writeFileSync(values.out, result.file.body);
    console.log(`${values.out}: ${result.file.cues.length} cues (${result.file.fileName})`);
  } else process.stdout.write(result.file.body);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
