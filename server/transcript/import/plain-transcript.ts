import type { Lang } from '../caption-style';
import type { DraftSegment, DraftSpeaker, DraftTranscript } from '../draft';
import { soundEventFromDirection } from '../sound-events';
import { splitParagraphs, type Paragraph } from './paragraphs';
import type { ImportProblem } from './problems';
import { parseSpeakerLabel, speakerIdOfLabel, titleCaseLabel } from './speaker-label';
import { endsSentence, splitSentences, trailingEllipsis } from './sentences';
import { isTrailerParagraph, parseHeader, parseTrailer } from './plain-metadata';
import { applySpeakerDirectory, type SpeakerDirectory } from './speaker-directory';

/**
 * Importer for press-office transcripts in plain text or light markdown (the style of the State
 * Department's and news agencies' transcripts): a header, turns that start with a speaker label in
 * capitals followed by a colon, stage directions in parentheses, then credits.
 */
export interface PlainImportOptions {
  /** Path shown in problems and recorded as the source. */
  readonly file: string;
  readonly id: string;
  readonly title?: string;
  /**
   * Languages of the finished transcript; the first is the language the text is written in.
   * Absent: English only. A transcript has the languages its text is in, never one it lacks.
   */
  readonly languages?: readonly Lang[];
  /** Language actually spoken in turns marked `(Via interpreter)`. */
  readonly interpretedFrom?: Lang;
  readonly speakers?: SpeakerDirectory;
}

export interface PlainImportResult {
  readonly draft?: DraftTranscript;
  readonly problems: readonly ImportProblem[];
}

interface RawTurn {
  readonly label: string;
  readonly agency?: string;
  readonly line: number;
  readonly paragraphs: Paragraph[];
}

/** Labels under which journalists ask; the moderator may name who asks next. */
const QUESTION_LABELS = new Set(['QUESTION', 'Q', 'REPORTER', 'JOURNALIST', 'ВОПРОС']);
/** `Next question comes from Olga Golovanova from Interfax.` / `The last question is from X from Y.` */
const NAMES_NEXT_QUESTION =
  /\bquestion\s+(?:comes\s+|is\s+|will\s+be\s+)?from\s+(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)+?)\s+(?:from|of|with)\s+(.+?)\.?$/u;
const SPOKEN_LANGUAGE_OF_SOUND: Partial<Record<string, Lang>> = { 'speaks-russian': 'ru', 'speaks-english': 'en' };
const DIRECTION = /\(([^()]{1,40})\)/gu;
const VIA_INTERPRETER = /^(?:via|through)\s+(?:an\s+)?interpreter\.?$/iu;

export function importPlainTranscript(source: string, options: PlainImportOptions): PlainImportResult {
  const problems: ImportProblem[] = [];
  const file = options.file;
  const paragraphs = splitParagraphs(source);
  if (paragraphs.length === 0) {
    return { problems: [{ code: 'empty-file', file, line: 1, message: 'the file has no text' }] };
  }

  const header: Paragraph[] = [];
  const trailer: Paragraph[] = [];
  const turns: RawTurn[] = [];
  for (const paragraph of paragraphs) {
    if (trailer.length > 0) {
      trailer.push(paragraph);
      continue;
    }
    const label = parseSpeakerLabel(paragraph.text);
    if (label) {
      const firstLine = parseSpeakerLabel(paragraph.lines[0])?.rest ?? '';
      const body: Paragraph = { ...paragraph, lines: [firstLine, ...paragraph.lines.slice(1)], text: label.rest };
      turns.push({ label: label.raw, agency: label.agency, line: paragraph.line, paragraphs: label.rest ? [body] : [] });
    } else if (turns.length === 0) {
      header.push(paragraph);
    } else if (isTrailerParagraph(paragraph)) {
      trailer.push(paragraph);
    } else {
      turns[turns.length - 1].paragraphs.push(paragraph);
    }
  }
  if (turns.length === 0) {
    problems.push({
      code: 'no-speech',
      file,
      line: 1,
      message: 'no speaker label found: a turn starts with a name in capitals and a colon, such as "MR KIRBY:"',
    });
    return { problems };
  }

  const notes: string[] = [];
  const kept = dropDuplicateLeads(turns, notes);
  const languages = options.languages ?? ['en'];
  const textLang = languages[0];
  const interpretedFrom = options.interpretedFrom ?? languages.find((l) => l !== textLang) ?? textLang;

  const segments: DraftSegment[] = [];
  const speakers = new Map<string, DraftSpeaker>();
  let journalist: { id: string; name: string; outlet: string } | undefined;

  kept.forEach((turn, turnIndex) => {
    const speaker = resolveSpeaker(turn.label, journalist);
    if (!speakers.has(speaker.id)) speakers.set(speaker.id, speaker);
    const joined = joinBrokenParagraphs(turn.paragraphs, notes);
    let sourceLang: Lang = textLang;
    for (const paragraph of joined) {
      for (const piece of tokenise(paragraph.text)) {
        if (piece.kind === 'direction') {
          if (VIA_INTERPRETER.test(piece.text)) {
            sourceLang = interpretedFrom;
            continue;
          }
          const sound = soundEventFromDirection(piece.text);
          if (sound) {
            // `(In Russian.)` says which language was heard, whatever the turn's text is in.
            const heard = SPOKEN_LANGUAGE_OF_SOUND[sound];
            const lang = heard && languages.includes(heard) ? heard : sourceLang;
            segments.push({ kind: 'sound', turn: turnIndex, speakerId: speaker.id, sourceLang: lang, sound, line: paragraph.lineAt(piece.offset) });
            continue;
          }
        }
        const text = piece.kind === 'direction' ? `(${piece.text})` : piece.text;
        let cursor = 0;
        for (const sentence of splitSentences(text)) {
          const at = text.indexOf(sentence, cursor);
          cursor = at + sentence.length;
          const named = NAMES_NEXT_QUESTION.exec(sentence);
          if (named) journalist = journalistOf(named[1], named[2]);
          segments.push({
            kind: 'speech',
            turn: turnIndex,
            speakerId: speaker.id,
            sourceLang,
            text: { [textLang]: sentence },
            line: paragraph.lineAt(piece.offset + Math.max(at, 0)),
          });
        }
      }
    }
  });

  if (segments.length === 0) {
    problems.push({ code: 'no-speech', file, line: kept[0].line, message: 'the speaker turns hold no text' });
    return { problems };
  }

  const headerMeta = parseHeader(header);
  const trailerMeta = parseTrailer(trailer);
  const title = options.title ?? headerMeta.headline ?? options.id;
  const attribution = [
    trailerMeta.author ? `Transcript by ${trailerMeta.author}` : 'Transcript',
    trailerMeta.publisher ? `, ${trailerMeta.publisher}` : '',
    trailerMeta.sourceUrl ? ` (${trailerMeta.sourceUrl})` : '',
  ].join('');
  const draft: DraftTranscript = {
    id: options.id,
    meta: { title, ...headerMeta, ...trailerMeta, sourceFile: file, attribution, notes },
    languages,
    speakers: applySpeakerDirectory([...speakers.values()], options.speakers ?? {}),
    segments,
  };
  return { draft, problems };
}

function resolveSpeaker(label: string, journalist: { id: string; name: string; outlet: string } | undefined): DraftSpeaker {
  if (QUESTION_LABELS.has(label)) {
    if (journalist) {
      return { id: journalist.id, label: { en: `Question – ${journalist.name}, ${journalist.outlet}` }, short: { en: 'QUESTION' }, role: 'journalist' };
    }
    return { id: 'question', label: { en: 'Question' }, short: { en: 'QUESTION' }, role: 'journalist' };
  }
  const id = speakerIdOfLabel(label);
  const short = titleCaseLabel(label).split(' ').slice(-1)[0].toUpperCase();
  return { id, label: { en: titleCaseLabel(label) }, short: { en: id.includes('-') ? id.replace(/-/gu, ' ').toUpperCase() : short } };
}

function journalistOf(name: string, outlet: string) {
  const id = `question-${name.toLowerCase().replace(/[^\p{L}\d]+/gu, '-')}`;
  return { id, name, outlet: outlet.trim() };
}

/**
 * A news agency's lead repeats the opening of the next turn and ends in `....`: it is the same
 * speech and is dropped, with a note, so it is not captioned twice.
 */
function dropDuplicateLeads(turns: readonly RawTurn[], notes: string[]): RawTurn[] {
  return turns.filter((turn, i) => {
    const next = turns[i + 1];
    const text = turn.paragraphs.map((p) => p.text).join(' ');
    const ellipsis = trailingEllipsis(text);
    if (!next || !ellipsis) return true;
    const lead = text.slice(0, ellipsis.spaceFrom);
    const nextText = next.paragraphs.map((p) => p.text).join(' ');
    if (next.label !== turn.label || !nextText.startsWith(lead)) return true;
    notes.push(`line ${turn.line}: dropped a lead that repeats the turn at line ${next.line}`);
    return false;
  });
}

interface JoinedParagraph {
  readonly text: string;
  lineAt(offset: number): number;
}

/**
 * Paragraphs broken mid-sentence (`a structured transition,...` / `one that maintains…`, or
 * `with respect to the end` / `game.`) are joined back into one. Also restores lost em dashes:
 * `""` in these transcripts is an em dash that an encoding step destroyed.
 */
function joinBrokenParagraphs(paragraphs: readonly Paragraph[], notes: string[]): JoinedParagraph[] {
  type Joining = { parts: { offset: number; line: number }[]; text: string };
  const joined: Joining[] = [];
  let open = false;
  for (const paragraph of paragraphs) {
    const lines = paragraph.lines.map((line, i) => ({ line: paragraph.line + i, text: cleanText(line) }));
    const first = lines.findIndex((l) => l.text !== '');
    if (first < 0) continue;
    let current: Joining | undefined = open ? joined[joined.length - 1] : undefined;
    if (current) {
      // `transition,...` goes on as `transition, one that…`; `end...` as `end game.`
      const ellipsis = trailingEllipsis(current.text);
      if (ellipsis) current.text = current.text.slice(0, ellipsis.spaceFrom);
      notes.push(`line ${paragraph.line}: joined to the previous paragraph, which broke off mid-sentence`);
    } else {
      current = { parts: [], text: '' };
      joined.push(current);
    }
    for (const l of lines) {
      if (l.text === '') continue;
      if (current.text !== '') current.text += ' ';
      current.parts.push({ offset: current.text.length, line: l.line });
      current.text += l.text;
    }
    open = !endsSentence(current.text);
  }
  return joined.map(({ parts, text }) => ({
    text,
    lineAt(offset: number) {
      // The last part starting at or before `offset` (parts are in order): a binary search, as a
      // paragraph may have a hundred thousand lines and as many sentences.
      let lo = 0;
      let hi = parts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (parts[mid].offset <= offset) lo = mid;
        else hi = mid - 1;
      }
      return parts[lo].line;
    },
  }));
}

function cleanText(text: string): string {
  // The white space around `""` goes with the next step's (a `\s*""` pattern would read a long
  // run of spaces from each of them).
  return text
    .replace(/\*\*/gu, '')
    .replace(/""/gu, ' — ')
    .replace(/\s+/gu, ' ')
    .trim();
}

type Piece = { kind: 'text' | 'direction'; text: string; offset: number };

/** Splits a paragraph into text and parenthesised directions, trimming dashes left dangling. */
function tokenise(text: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  const pushText = (from: number, to: number) => {
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    let chunk = raw.trim();
    let offset = from + lead;
    // A dash right after a direction resumes the interrupted sentence: the first piece keeps it.
    if (pieces.at(-1)?.kind === 'direction' && chunk.startsWith('—')) {
      const stripped = chunk.replace(/^—\s*/u, '');
      offset += chunk.length - stripped.length;
      chunk = stripped;
    }
    if (chunk) pieces.push({ kind: 'text', text: chunk, offset });
  };
  for (const match of text.matchAll(DIRECTION)) {
    const inner = match[1].trim();
    const isDirection = VIA_INTERPRETER.test(inner) || soundEventFromDirection(inner) !== undefined;
    if (!isDirection) continue;
    pushText(last, match.index);
    pieces.push({ kind: 'direction', text: inner, offset: match.index });
    last = match.index + match[0].length;
  }
  pushText(last, text.length);
  return pieces;
}
