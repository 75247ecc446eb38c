import type { ImportProblem, ImportWarning } from './problems';

/**
 * The text of an uploaded or imported file. UTF-8 (with or without a byte-order mark), or UTF-16
 * in either byte order when it starts with its byte-order mark, as Windows tools (Notepad's
 * "Unicode", Subtitle Edit, some broadcast systems) save captions. Without a mark UTF-16 cannot be
 * told from other bytes reliably, so it is not guessed: such a file is refused as not UTF-8.
 */
export function decodeSource(
  bytes: Uint8Array,
  file: string,
): { readonly ok: true; readonly text: string; readonly warnings: readonly ImportWarning[] } | { readonly ok: false; readonly problem: ImportProblem } {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  try {
    // The decoder drops the byte-order mark itself (ignoreBOM is false by default).
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    if (encoding === 'utf-8') return { ok: true, text, warnings: [] };
    const name = encoding.toUpperCase();
    return { ok: true, text, warnings: [{ code: 'utf16', file, line: 1, message: `the file is ${name} (it starts with that byte-order mark): read as such`, values: { encoding: name } }] };
  } catch {
    const message = encoding === 'utf-8' ? 'the file is not UTF-8 text (nor UTF-16 with a byte-order mark)' : `the file starts with a ${encoding.toUpperCase()} byte-order mark but is not ${encoding.toUpperCase()} text`;
    return { ok: false, problem: { code: 'bad-encoding', file, line: 1, message } };
  }
}
