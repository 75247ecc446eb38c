/**
 * WebVTT escaping (W3C WebVTT §4.2.2): in cue text `&`, `<` and `>` are written as character
 * references; a span's annotation (the voice name) may hold neither `&` nor `>` nor a line break.
 */
export function escapeVttText(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

export function escapeVttAnnotation(text: string): string {
  return escapeVttText(text.replace(/[\r\n]+/gu, ' '));
}

/** A NOTE block ends at a blank line and may not contain `-->`. */
export function vttNote(lines: readonly string[]): string {
  const safe = lines.map((l) => l.replace(/-->/gu, '→').replace(/[\r\n]+/gu, ' ').trim()).filter((l) => l !== '');
  return ['NOTE', ...safe].join('\n');
}
