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
import type { Transcript } from '../transcript/model';
import { saveTranscript, uploadsDir } from '../transcript/store';
import { readConfig, type Config } from '../config';

/**
 * `npm run -s transcript -- <command>`:
 *
 * - `import <file.txt|file.srt|file.vtt> [--pair <other>]… [--lang <tag>] [--out <dir|file.json|->]
 *   [--bundle] [--allow-violations]`: import a source and write the compiled JSON where the server
 *   keeps uploaded transcripts (`STATE_DIR/uploads/`), or to --out (`-` for standard output, which
 *   then carries the file alone), or with --bundle into the bundled `DATA_DIR/transcripts/` (which
 *   the home page lists). Problems are printed with file and line, and nothing is written when
 *   there are any, or when `check` finds a violation (unless --allow-violations).
 * - `check <id-or-path> [--allow-violations]`: the transcript's cues per language against the
 *   house style and its translations; exits 1 on any violation or translation problem.
 * - `export <id-or-path> --format vtt|srt --lang <tag>|both [--out <file>]`: caption file to
 *   stdout or --out.
 *
 * Exit codes: 0 done, 1 the import failed or a violation was found (nothing written), 2 bad usage.
 * Everything but the output file goes to standard error when the file goes to standard output.
 */
const USAGE = [
  'usage: npm run -s transcript -- import <file.txt|file.srt|file.vtt> [--pair <other.srt|other.vtt>]… [--lang <tag>] [--out <dir|file.json|->] [--bundle] [--allow-violations]',
  '       npm run -s transcript -- check <transcript-id-or-path> [--allow-violations]',
  '       npm run -s transcript -- export <transcript-id-or-path> --format vtt|srt --lang <tag>|both [--out <file>]',
].join('\n');

const EXIT_OK = 0;
/** The import failed, or check found a violation: nothing was written. */
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        lang: { type: 'string' },
        pair: { type: 'string', multiple: true },
        format: { type: 'string' },
        bundle: { type: 'boolean' },
        'allow-violations': { type: 'boolean' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    console.error(USAGE);
    return EXIT_USAGE;
  }
  const target = positionals[0];
  let config;
  try {
    config = readConfig();
  } catch (error) {
    console.error((error as Error).message);
    return EXIT_USAGE;
  }
  try {
    switch (command) {
      case 'import':
        if (values.bundle && values.out !== undefined) {
          console.error(`--bundle writes into ${config.transcriptsDir}; give it or --out, not both\n${USAGE}`);
          return EXIT_USAGE;
        }
        return await runImport(target, values, config);
      case 'check':
        return await runCheck(target, config.dataDir, values['allow-violations'] === true);
      case 'export':
        return await runExport(target, values, config.dataDir);
      default:
        console.error(USAGE);
        return EXIT_USAGE;
    }
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(error.message);
      console.error(`${error.problems.length} problem(s); nothing was written.`);
      return EXIT_FAILED;
    }
    console.error(`${target}: ${(error as Error).message}`);
    return EXIT_FAILED;
  }
}

function langOption(value: string | undefined, name: string): Lang | undefined {
  if (value === undefined) return undefined;
  const tag = canonicalLanguageTag(value);
  if (tag === undefined) throw new Error(`${name} must be a BCP 47 language tag (en, ru, fr, ar, zh-Hans, pt-BR), not "${value}"`);
  return tag;
}

interface ImportValues {
  readonly out?: string;
  readonly lang?: string;
  readonly pair?: readonly string[];
  readonly bundle?: boolean;
  readonly 'allow-violations'?: boolean;
}

async function runImport(file: string, values: ImportValues, config: Config): Promise<number> {
  const { transcript, translationProblems, check, warnings } = await importInWorker({
    kind: 'source',
    file,
    options: { lang: langOption(values.lang, '--lang'), pairs: values.pair ?? [], translationsDir: path.join(config.dataDir, 'translations') },
    check: true,
  });
  // Diagnostics go to standard error: standard output may be the file itself (--out -).
  for (const w of warnings) console.error(`${w.file}:${w.line}: warning: ${w.message} [${w.code}]`);
  for (const note of transcript.meta.notes) console.error(`  note: ${note}`);
  const report = check ?? checkTranscript(transcript, translationProblems);
  if (!report.ok) {
    console.error(`\nThe captions of this transcript do not meet the house style:\n${formatCheck(report)}`);
    if (values['allow-violations'] !== true) {
      console.error('Nothing was written. Fix the source, or write it anyway with --allow-violations.');
      return EXIT_FAILED;
    }
  }
  const minutes = (transcript.durationMs / 60_000).toFixed(1);
  const summary = `${transcript.segments.length} segments, ${transcript.speakers.length} speakers, ${transcript.languages.join('+')}, ${minutes} min`;
  if (values.out === '-') {
    process.stdout.write(`${JSON.stringify(transcript, null, 2)}\n`);
    console.error(`(standard output): ${summary}`);
    return EXIT_OK;
  }
  const written = writeImported(transcript, values, config);
  console.log(`${written}: ${summary}`);
  return EXIT_OK;
}

/**
 * Where an import goes: --out (a `.json` file, or a directory), --bundle (the bundled transcripts
 * the home page offers, for maintainers regenerating them), or else where the server keeps
 * uploaded transcripts (STATE_DIR/uploads/), so a trial import never changes the public home page.
 */
function writeImported(transcript: Transcript, values: ImportValues, config: Config): string {
  if (values.out !== undefined && path.extname(values.out).toLowerCase() === '.json') {
    return saveTranscript(path.dirname(values.out), transcript, path.basename(values.out));
  }
  const dir = values.out ?? (values.bundle ? config.transcriptsDir : uploadsDir(config.stateDir));
  return saveTranscript(dir, transcript);
}

async function runCheck(target: string, dataDir: string, allowViolations: boolean): Promise<number> {
  const { transcript, translationProblems } = await resolveTranscript(target, { dataDir });
  const report = checkTranscript(transcript, translationProblems);
  console.log(formatCheck(report));
  return report.ok || allowViolations ? EXIT_OK : EXIT_FAILED;
}

async function runExport(target: string, values: { out?: string; lang?: string; format?: string }, dataDir: string): Promise<number> {
  if (!values.format || !values.lang) {
    console.error(USAGE);
    return EXIT_USAGE;
  }
  const { transcript } = await resolveTranscript(target, { dataDir });
  const result = exportCaptions(transcript, values.format, values.lang);
  if (!result.ok) {
    console.error(`${target}: ${result.message}`);
    return EXIT_USAGE;
  }
  if (values.out) {
    writeFileSync(values.out, result.file.body);
    console.log(`${values.out}: ${result.file.cues.length} cues (${result.file.fileName})`);
  } else process.stdout.write(result.file.body);
  return EXIT_OK;
}

process.exitCode = await main(process.argv.slice(2));
