import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './load-vienna';

/**
 * The code blocks of a document that are marked `<!-- run by <test file> -->` on the line before
 * them, in order, so a test runs what the document tells a reader to paste. `origins` replaces
 * the document's example addresses with the test's own.
 */
export function docSnippets(doc: string, testFile: string, origins: Record<string, string> = {}): string[] {
  const text = readFileSync(path.join(ROOT, doc), 'utf8');
  const marker = `<!-- run by ${testFile} -->`;
  const mine = [...text.matchAll(/<!-- run by ([^ ]+) -->\n```[a-z]*\n([\s\S]*?)\n```/gu)].filter((m) => m[1] === testFile).map((m) => m[2]);
  if (mine.length === 0) throw new Error(`${doc} has no code block marked ${marker}`);
  return mine.map((snippet) => Object.entries(origins).reduce((s, [from, to]) => s.replaceAll(from, to), snippet));
}
