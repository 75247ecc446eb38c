/** A block of non-blank lines, joined by spaces, with the 1-based line it starts on. */
export interface Paragraph {
  readonly line: number;
  readonly lines: readonly string[];
  readonly text: string;
}

/** Removes a byte-order mark and normalises CRLF/CR line ends. */
export function normaliseNewlines(source: string): string {
  return source.replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n');
}

export function splitParagraphs(source: string): Paragraph[] {
  const lines = normaliseNewlines(source).split('\n');
  const paragraphs: Paragraph[] = [];
  let current: string[] = [];
  let start = 0;
  const flush = () => {
    if (current.length > 0) {
      paragraphs.push({ line: start, lines: current, text: current.map((l) => l.trim()).join(' ') });
      current = [];
    }
  };
  lines.forEach((raw, i) => {
    if (raw.trim() === '') {
      flush();
      return;
    }
    if (current.length === 0) start = i + 1;
    current.push(raw);
  });
  flush();
  return paragraphs;
}
