import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileTranscript } from '../../server/transcript/compile';
import { importPlainTranscript } from '../../server/transcript/import/plain-transcript';
import type { Transcript } from '../../server/transcript/model';
import { loadTranslations } from '../../server/transcript/translations';
import { ROOT } from './load-vienna';

/**
 * The made-up closing session of test/fixtures/booths: English on the floor, a minister who speaks
 * Arabic through an interpreter, booths in Arabic, French and Russian from translation files.
 */
export const ASSEMBLY_DIR = path.join(ROOT, 'test/fixtures/booths');

/** The session compiled with the booths named (all of them when left out): en plus ar, fr, ru; `withoutSpeakers`: their files name no speaker. */
export function loadAssembly(booths?: readonly string[], options: { withoutSpeakers?: boolean } = {}): Transcript {
  const sidecar = JSON.parse(readFileSync(path.join(ASSEMBLY_DIR, 'assembly.json'), 'utf8'));
  const draft = importPlainTranscript(readFileSync(path.join(ASSEMBLY_DIR, 'assembly.txt'), 'utf8'), { file: 'test/fixtures/booths/assembly.txt', ...sidecar }).draft!;
  const all = loadTranslations(path.join(ASSEMBLY_DIR, 'translations'), 'assembly');
  const chosen = booths ? Object.fromEntries(booths.map((lang) => [lang, all[lang]!])) : all;
  const translations = options.withoutSpeakers
    ? Object.fromEntries(Object.entries(chosen).map(([lang, file]) => [lang, { ...file!, speakers: undefined }]))
    : chosen;
  return compileTranscript(draft, { translations, evsMs: sidecar.evsMs });
}
