import path from 'node:path';
import { importTranscriptFile } from '../transcript/import-file';
import { ImportError } from '../transcript/import/problems';
import { saveTranscript } from '../transcript/store';

/**
 * `npm run transcript -- import <file> [--out <dir>]`: import a source transcript and write the
 * compiled JSON to data/transcripts/ (or --out). Problems are printed with file and line, and
 * nothing is written when there are any.
 */
const USAGE = 'usage: npm run transcript -- import <file> [--out <dir>]';

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const outIndex = rest.indexOf('--out');
  const out = outIndex >= 0 ? rest[outIndex + 1] : path.join('data', 'transcripts');
  const files = outIndex >= 0 ? rest.filter((_, i) => i !== outIndex && i !== outIndex + 1) : rest;
  if (command !== 'import' || files.length !== 1 || !out) {
    console.error(USAGE);
    return 2;
  }
  const file = files[0];
  try {
    const { transcript, translationProblems } = importTranscriptFile(file, path.relative(process.cwd(), path.resolve(file)), {
      translationsDir: path.join('data', 'translations'),
    });
    const written = saveTranscript(out, transcript);
    const minutes = (transcript.durationMs / 60_000).toFixed(1);
    console.log(
      `${written}: ${transcript.segments.length} segments, ${transcript.speakers.length} speakers, ${minutes} min`,
    );
    for (const note of transcript.meta.notes) console.log(`  note: ${note}`);
    for (const p of translationProblems) console.warn(`  translation ${p.lang} ${p.segmentId}: ${p.code}: ${p.message}`);
    return 0;
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(error.message);
      console.error(`${error.problems.length} problem(s); nothing was written.`);
      return 1;
    }
    console.error(`${file}: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
