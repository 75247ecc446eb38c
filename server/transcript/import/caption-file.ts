import { ParseErrorCode, parseTextStream, parseVTTTimestamp } from 'media-captions';
import { trimEndOf, trimStartOf } from '../text-ends';
import { formatTimestamp } from '../timestamps';
import { countFormatting, isMusicOnly } from './caption-marks';
import { plainText } from './html-text';
import type { ImportProblem, ImportWarning } from './problems';

/** SRT or WebVTT: the timed formats the importers read. */
export type CaptionFormat = 'srt' | 'vtt';

/** A cue as the file has it: times in ms, the raw text (markup and all), and the line of its timing. */
export interface RawCue {
  readonly line: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly text: string;
}

export interface ParsedCaptionFile {
  readonly cues: readonly RawCue[];
  readonly problems: readonly ImportProblem[];
  /** What was changed to read the file: clamped overlaps, cues left out, cues put in time order. */
  readonly warnings: readonly ImportWarning[];
}

/**
 * The largest overlap, in ms, that is taken for a rounding or export habit and clamped (the cue
 * then starts where the previous one ends) rather than refused. YouTube's, Amara's and archives'
 * exports overlap by a frame or a few hundred ms (one archive's briefing by 1 ms); half a second
 * is the house style's own sync tolerance (a cue may end up to 0.5 s after its speech,
 * CAPTION-STYLE.md). A longer overlap is two cues meant to be on screen together, or a mistake:
 * an error.
 */
export const MAX_CLAMPED_OVERLAP_MS = 500;

/**
 * Reads an SRT or WebVTT file with `media-captions` (tolerant mode, so every error is collected
 * with its line) and adds the checks it does not make: a cue that ends before it starts (which it
 * drops silently), an empty cue, cues that overlap, and text outside any cue.
 */
export async function parseCaptionFile(
  source: string,
  format: CaptionFormat,
  file: string,
  options: { overlapsAreProblems?: boolean } = {},
): Promise<ParsedCaptionFile> {
  // A line of blanks ends a cue, as it looks blank to whoever wrote the file; `media-captions`
  // would read it, and the next cue's timing, as the cue's text.
  const lines = source
    .replace(/^\uFEFF/u, '')
    .split(/\r\n|\r|\n/u)
    .map((line) => (line.trim() === '' ? '' : line));
  const problems: ImportProblem[] = [];
  const cues: RawCue[] = [];
  let next = 0;
  let current = 0;
  // One line per pull, so that when a cue is reported the last line read is the one that ended it.
  const stream = new ReadableStream<string>(
    {
      pull(controller) {
        if (next < lines.length) {
          current = next + 1;
          controller.enqueue(lines[next++]);
        } else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const result = await parseTextStream(stream, {
    type: format,
    strict: false,
    errors: true,
    onCue(cue) {
      cues.push({
        line: timingLineOfBlockEndingAt(lines, current),
        startMs: Math.round(cue.startTime * 1000),
        endMs: Math.round(cue.endTime * 1000),
        text: cue.text,
      });
    },
  });
  if (format === 'vtt' && !/^WEBVTT(?:[ \t]|$)/u.test(lines[0] ?? '')) {
    problems.push({ code: 'bad-header', file, line: 1, message: 'a WebVTT file starts with the line "WEBVTT"' });
  }
  for (const error of result.errors) {
    // A bad header is checked above; cue settings (position, alignment) are not the importer's business.
    if (error.code === ParseErrorCode.BadTimestamp) {
      const timing = lines[error.line - 1] ?? '';
      problems.push({ code: 'bad-timestamp', file, line: error.line, message: `malformed cue timing "${timing.trim()}": ${expected(format)}` });
    }
  }
  problems.push(...reversedTimings(lines, format, file), ...strayText(lines, format, file));
  const warnings: ImportWarning[] = [];
  if (format === 'srt') warnings.push(...cueNumbersOutOfOrder(lines, file));
  warnings.push(...formattingRemoved(lines, file));
  const kept = inTimeOrder(cues, file, warnings).filter((cue) => {
    const plain = plainText(cue.text);
    if (plain === '') warnings.push({ code: 'empty-cue', file, line: cue.line, message: 'the cue has no text: left out' });
    else if (isMusicOnly(plain)) {
      warnings.push({ code: 'music-cue', file, line: cue.line, message: `the cue is music without words ("${plain.slice(0, 20)}"): left out, as the house style has no music label` });
    } else return true;
    return false;
  });
  const clamped: RawCue[] = [];
  for (const cue of kept) {
    const previous = clamped.at(-1);
    const overlapMs = previous ? previous.endMs - cue.startMs : 0;
    if (!previous || overlapMs <= 0 || options.overlapsAreProblems === false) {
      clamped.push(cue);
    } else if (overlapMs <= MAX_CLAMPED_OVERLAP_MS && cue.endMs > previous.endMs) {
      warnings.push({
        code: 'overlap-clamped',
        file,
        line: cue.line,
        message: `the cue started ${overlapMs} ms before the cue at line ${previous.line} ended: it now starts at ${formatTimestamp(previous.endMs)}`,
        values: { ms: overlapMs, previousLine: previous.line, start: formatTimestamp(previous.endMs) },
      });
      clamped.push({ ...cue, startMs: previous.endMs });
    } else {
      problems.push({
        code: 'overlapping-cues',
        file,
        line: cue.line,
        message: `the cue starts at ${formatTimestamp(cue.startMs)}, ${overlapMs} ms before the cue at line ${previous.line} ends (${formatTimestamp(previous.endMs)}); overlaps of up to ${MAX_CLAMPED_OVERLAP_MS} ms are clamped, longer ones are not`,
      });
      clamped.push(cue);
    }
  }
  const byLine = (a: { line: number }, b: { line: number }) => a.line - b.line;
  return { cues: clamped, problems: problems.sort(byLine), warnings: warnings.sort(byLine) };
}

/**
 * The cues sorted by start time (a stable sort: cues that start together keep the file's order).
 * Each cue that had to move up is named once: the file had its blocks out of order.
 */
function inTimeOrder(cues: readonly RawCue[], file: string, warnings: ImportWarning[]): RawCue[] {
  let latest: RawCue | undefined;
  for (const cue of cues) {
    if (latest && cue.startMs < latest.startMs) {
      warnings.push({
        code: 'cue-order',
        file,
        line: cue.line,
        message: `the cue starts at ${formatTimestamp(cue.startMs)}, before the cue at line ${latest.line} (${formatTimestamp(latest.startMs)}): read in time order`,
        values: { previousLine: latest.line },
      });
    } else latest = cue;
  }
  return [...cues].sort((a, b) => a.startMs - b.startMs);
}

/**
 * SRT cue numbers that go back (or repeat): the file was edited or merged, and its cues are read by
 * their times, not their numbers; said, as it may also mean a cue is missing. A gap (a cue deleted)
 * is not worth a word.
 */
function cueNumbersOutOfOrder(lines: readonly string[], file: string): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  let previous: number | undefined;
  for (const block of blocks(lines)) {
    const number = /^\d{1,9}$/u.test(block.lines[0].trim()) && block.lines[1]?.includes('-->') ? Number(block.lines[0].trim()) : undefined;
    if (number === undefined) continue;
    if (previous !== undefined && number <= previous) {
      warnings.push({ code: 'cue-number', file, line: block.line, message: `cue number ${number} follows ${previous}: the cues are read by their times, not their numbers`, values: { number, previous } });
    }
    previous = number;
  }
  return warnings;
}

/** One warning per file for the position codes and formatting tags that captions do not show. */
function formattingRemoved(lines: readonly string[], file: string): ImportWarning[] {
  const { positionCodes, tags, firstLine } = countFormatting(lines);
  if (positionCodes + tags === 0) return [];
  return [
    {
      code: 'formatting-removed',
      file,
      line: firstLine,
      message: `${[positionCodes > 0 ? `${positionCodes} position code(s) ({\\an8})` : '', tags > 0 ? `${tags} formatting tag(s) (<i>, <b>, <u>, <font>)` : ''].filter(Boolean).join(' and ')} removed: captions show plain text, placed by the house style`,
      values: { positionCodes, tags },
    },
  ];
}


function expected(format: CaptionFormat): string {
  return format === 'srt' ? 'expected HH:MM:SS,mmm --> HH:MM:SS,mmm' : 'expected [HH:]MM:SS.mmm --> [HH:]MM:SS.mmm';
}

/** The line of the timing (`-->`) line of the block that ends at `endLine` (its blank line, or the last line). */
function timingLineOfBlockEndingAt(lines: readonly string[], endLine: number): number {
  let last = endLine;
  if ((lines[last - 1] ?? '').trim() === '') last--;
  let first = last;
  while (first > 1 && (lines[first - 2] ?? '').trim() !== '') first--;
  for (let n = first; n <= last; n++) if (lines[n - 1].includes('-->')) return n;
  return first;
}

/** Blocks: runs of non-blank lines, with the 1-based line each starts on. */
function blocks(lines: readonly string[]): { line: number; lines: string[] }[] {
  const found: { line: number; lines: string[] }[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const open = found.at(-1);
    if (open && (lines[i - 1] ?? '').trim() !== '' && i > 0) open.lines.push(text);
    else found.push({ line: i + 1, lines: [text] });
  });
  return found;
}

/** `media-captions` drops a cue whose end is not after its start without a word: say so. */
function reversedTimings(lines: readonly string[], format: CaptionFormat, file: string): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const block of blocks(lines)) {
    const at = block.lines.findIndex((l) => l.includes('-->'));
    if (at < 0 || at > 1) continue;
    // `start --> end`, blanks around the arrow trimmed by scans (a `[ \t]*-->` pattern reads a
    // long run of blanks from each of them).
    const [before, after = ''] = block.lines[at].trim().split('-->');
    const startText = trimEndOf(before, ' \t');
    const endText = trimStartOf(after, ' \t').split(/[ \t]+/u)[0];
    const fix = (t: string) => (format === 'srt' ? t.replace(/,/gu, '.') : t);
    const start = parseVTTTimestamp(fix(startText));
    const end = parseVTTTimestamp(fix(endText));
    if (start !== null && end !== null && end <= start) {
      problems.push({
        code: 'bad-timestamp',
        file,
        line: block.line + at,
        message: end === start ? `the cue ends when it starts (${startText})` : `the cue ends (${endText}) before it starts (${startText})`,
      });
    }
  }
  return problems;
}

/** Text that belongs to no cue: a block without a timing line (a lost line break, a stray paragraph). */
function strayText(lines: readonly string[], format: CaptionFormat, file: string): ImportProblem[] {
  const problems: ImportProblem[] = [];
  blocks(lines).forEach((block, i) => {
    const first = block.lines[0].trim();
    if (block.lines.some((l) => l.includes('-->'))) return;
    if (format === 'vtt' && (i === 0 && /^WEBVTT/u.test(first.replace(/^\uFEFF/u, '')))) return;
    if (format === 'vtt' && /^(NOTE|STYLE|REGION)(\s|$)/u.test(first)) return;
    problems.push({ code: 'bad-cue', file, line: block.line, message: `"${first.slice(0, 40)}" belongs to no cue: a cue needs a timing line (start --> end)` });
  });
  return problems;
}
