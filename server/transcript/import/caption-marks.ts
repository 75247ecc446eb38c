/**
 * Marks that caption exports put around the words and that the house style does not show
 * (CAPTION-STYLE.md): music notes, SSA position codes (`{\an8}`), formatting tags.
 *
 * Music: CAPTION-STYLE's non-speech events are a fixed table ("never invented") and it has no
 * music event, so a cue of notes alone (`♪`, `♪♪`, YouTube's `[Music]`) has nothing to caption
 * and is dropped, with a warning; sung words between notes are speech the audience should read,
 * so they are kept as text without the notes.
 */
const NOTE_CHARS = '♩♪♫♬';
const NOTES = new RegExp(`[${NOTE_CHARS}]+`, 'u');
const ALL_NOTES = new RegExp(NOTES.source, 'gu');
const ONLY_NOTES = new RegExp(`^[${NOTE_CHARS}\\s]+$`, 'u');
/** YouTube's and Amara's bracketed music descriptions, the whole cue. */
const MUSIC_LABEL = /^[[(](?:music|music playing|upbeat music|instrumental music|♪)[\])]$/iu;

/** A cue that holds music and no words. */
export function isMusicOnly(plain: string): boolean {
  const text = plain.trim();
  return text !== '' && (ONLY_NOTES.test(text) || MUSIC_LABEL.test(text));
}

/** Sung words without their notes: `♪ We shall overcome ♪` → `We shall overcome`. */
export function withoutMusicNotes(line: string): string {
  if (!NOTES.test(line)) return line;
  // Only the spaces the notes leave: a no-break space in the words stays.
  return line.replace(ALL_NOTES, ' ').replace(/ {2,}/gu, ' ').trim();
}

/** SSA/ASS override codes that SRT exports carry for position (`{\an8}`), counted without reading past each. */
const POSITION_CODE = /\{\\[a-z]{1,4}\d{0,3}\}/giu;
/** Opening formatting tags as SRT exports write them: `<i>`, `<b>`, `<u>`, `<font color=…>`. */
const FORMAT_TAG = /<(?:[ibu]|font)[\s>]/giu;

/** How many position codes and formatting tags the text has, and the 1-based line of the first. */
export function countFormatting(lines: readonly string[]): { positionCodes: number; tags: number; firstLine: number } {
  let positionCodes = 0;
  let tags = 0;
  let firstLine = 0;
  lines.forEach((line, i) => {
    const codes = line.match(POSITION_CODE)?.length ?? 0;
    const found = line.match(FORMAT_TAG)?.length ?? 0;
    if ((codes > 0 || found > 0) && firstLine === 0) firstLine = i + 1;
    positionCodes += codes;
    tags += found;
  });
  return { positionCodes, tags, firstLine };
}
