/**
 * Invisible characters that change how text looks without being text, removed from everything an
 * import brings in (source files, speaker names, caption text, titles). Each range, and why:
 *
 * - U+202A–U+202E (LRE, RLE, PDF, LRO, RLO): explicit embeddings and overrides (UAX #9, section
 *   2.2). An override shows letters in an order other than the one stored: the "Trojan Source"
 *   spoof (CVE-2021-42574) and a speaker name that reads as another. The W3C's guidance
 *   ("Inline markup and bidirectional text in HTML") is to use markup, not these, and our pages
 *   isolate every label with `<bdi>`/`dir` themselves.
 * - U+2066–U+2069 (LRI, RLI, FSI, PDI): isolates (UAX #9, section 2.4). Real text in a file does
 *   not need them, the renderer adds its own, and an unclosed one leaks into what follows it.
 * - U+206A–U+206F: deprecated format characters (The Unicode Standard, section 23.3).
 * - C0 and C1 controls and DEL other than tab and line ends: not text in any script.
 * - U+FEFF: a byte order mark belongs only at the start of a file; inside text, as a "zero width
 *   no-break space", it is deprecated in favour of U+2060 (section 23.8).
 * - U+FFF9–U+FFFB: interlinear annotation controls, "not for interchange" (section 23.8).
 * - U+E0000–U+E007F: tag characters, which can carry whole invisible sentences; kept only in the
 *   emoji tag sequences they exist for (the flags of England, Scotland, Wales: UTS #51, ED-14a).
 * - Lone surrogates: not characters at all (a JSON `\ud800` can make one).
 * - U+2028, U+2029 (and VT, FF, NEL): line and paragraph separators (UAX #14 class BK) are line
 *   breaks: a newline in a source file, a space inside one line of caption text.
 *
 * Kept, because real text needs them (UTS #39, section 3.1.1, on why default-ignorables are not
 * all removable): ZWNJ U+200C and ZWJ U+200D (Persian, Arabic and Indic spelling; emoji
 * sequences), LRM U+200E, RLM U+200F and ALM U+061C (the marks right-to-left text uses to place
 * neutral characters: the caption style keeps "the marks real right-to-left text needs"),
 * ZWSP U+200B (word boundaries in Thai, Khmer, Lao and Burmese), WJ U+2060, soft hyphen,
 * variation selectors (emoji and CJK variants), the combining grapheme joiner.
 */
const EMOJI_TAG_SEQUENCE = String.raw`\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{1,6}\u{E007F}`;
const INVISIBLE = String.raw`[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u202A-\u202E\u2066-\u206F\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}]|\p{Cs}`;
const REMOVED = new RegExp(`(${EMOJI_TAG_SEQUENCE})|${INVISIBLE}`, 'gu');
/** Line breaks other than CR and LF, which every parser already reads. */
const OTHER_LINE_BREAKS = /[\u000B\u000C\u0085\u2028\u2029]/gu;
/** Every line break, and tab: inside one line of text they are all a space. */
const ANY_BREAK = /[\t\n\r\u000B\u000C\u0085\u2028\u2029]/gu;

const removeInvisible = (text: string) => text.replace(REMOVED, (_match, kept: string | undefined) => kept ?? '');

/**
 * A whole source file before it is parsed: invisible characters removed, the other line breaks
 * made newlines. Lines are only ever added, never joined, so the line numbers of problems stay
 * those a Unicode-aware editor shows.
 */
export function cleanSourceText(text: string): string {
  return removeInvisible(text).replace(OTHER_LINE_BREAKS, '\n');
}

/**
 * One line of text once character references and escapes are decoded (`&#x202E;` in a caption,
 * `"\u202e"` in a JSON sidecar): invisible characters removed, line breaks and tabs made spaces.
 * Callers collapse and trim white space as they already do.
 */
export function cleanLine(text: string): string {
  return removeInvisible(text).replace(ANY_BREAK, ' ');
}
