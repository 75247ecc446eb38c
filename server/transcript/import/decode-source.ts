import type { ImportProblem, ImportWarning } from './problems';

/**
 * The text of an uploaded or imported file. UTF-8 (with or without a byte-order mark), or UTF-16
 * in either byte order when it starts with its byte-order mark, as Windows tools (Notepad's
 * "Unicode", Subtitle Edit, some broadcast systems) save captions. UTF-16 without a mark is told
 * by its zero bytes: text has none, and UTF-16 of any text with Latin digits and punctuation (every
 * caption file's timings) has one in every other byte, on the side that says the byte order.
 */
export function decodeSource(
  bytes: Uint8Array,
  file: string,
): { readonly ok: true; readonly text: string; readonly warnings: readonly ImportWarning[] } | { readonly ok: false; readonly problem: ImportProblem } {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : (utf16ByZeros(bytes) ?? 'utf-8');
  try {
    // The decoder drops the byte-order mark itself (ignoreBOM is false by default).
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    if (encoding === 'utf-8') return { ok: true, text, warnings: [] };
    const name = encoding.toUpperCase();
    const marked = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    const how = marked ? 'it starts with that byte-order mark' : 'no byte-order mark, but its zero bytes say so';
    return { ok: true, text, warnings: [{ code: 'utf16', file, line: 1, message: `the file is ${name} (${how}): read as such`, values: { encoding: name } }] };
  } catch {
    const message = encoding === 'utf-8' ? 'the file is not UTF-8 text (nor UTF-16 with a byte-order mark)' : `the file starts with a ${encoding.toUpperCase()} byte-order mark but is not ${encoding.toUpperCase()} text`;
    return { ok: false, problem: { code: 'bad-encoding', file, line: 1, message } };
  }
}

/** Bytes looked at to tell UTF-16 without a byte-order mark: the first cues of any caption file. */
const SNIFF_BYTES = 1024;
/** Share of the even (or odd) bytes that are zero in UTF-16 of captions: timings alone are about half the text. */
const UTF16_ZERO_SHARE = 0.25;

function utf16ByZeros(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.byteLength, SNIFF_BYTES) & ~1;
  if (n < 2) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= pairs * UTF16_ZERO_SHARE && even === 0) return 'utf-16le';
  if (even >= pairs * UTF16_ZERO_SHARE && odd === 0) return 'utf-16be';
  return undefined;
}
