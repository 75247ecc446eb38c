import { SOUND_EVENTS, soundEventFromDirection, type SoundEvent } from '../sound-events';
import { isMusicOnly, withoutMusicNotes } from './caption-marks';
import { decodeEntities, plainText } from './html-text';
import { nameOfLabel, parseSpeakerLabel } from './speaker-label';

/** A run of a cue's text in one voice: a cue may hold several (`<v A>…<v B>…`, `>> A: …` lines). */
export interface CuePart {
  /** The speaker the cue names here: a WebVTT voice, `>> KERRY:` or `MR KIRBY:`; absent when it names none. */
  readonly speaker?: string;
  /** A `>>`, a voice or a label: a turn starts here. */
  readonly newTurn: boolean;
  /** Plain text, or a sound event standing alone (`[laughter]`, `(Laughter.)`). */
  readonly pieces: readonly ({ readonly kind: 'text'; readonly text: string } | { readonly kind: 'sound'; readonly sound: SoundEvent })[];
}

const TURN = /^>>\s*/u;
/** `>> KERRY: …`, `>> Secretary Kerry: …`: a name of at most 60 characters, then a colon. */
const TURN_LABEL = /^(\p{Lu}[\p{L}\p{M} .'’()«»,–-]{0,60}?):\s*(.*)$/u;
/** A subtitler's dialogue dash: each line of a two-speaker cue starts with `- ` (or an en dash). */
const DIALOGUE_DASH = /^[-–]\s+/u;
/** `[KERRY] We agree.`: a speaker in square brackets, in capitals, at the start of a line. */
const BRACKET_NAME = /^\[(\p{Lu}[\p{Lu}\p{M} .'’-]{0,40}?)\]\s*(.*)$/u;
const BRACKETED = /\[[^\]\n]{1,40}\]|\([^)\n]{1,40}\)/gu;

const SOUND_BY_LABEL = new Map<string, SoundEvent>(
  Object.entries(SOUND_EVENTS).flatMap(([event, { label }]) => Object.values(label).map((l) => [l.toLowerCase(), event as SoundEvent])),
);

/**
 * Splits a cue's raw text where it names a speaker — a WebVTT voice span, a `>>` turn mark with
 * or without a name, a press-office label in capitals — strips markup and finds sound labels.
 */
export function readCueParts(raw: string): CuePart[] {
  type Open = { speaker?: string; newTurn: boolean; text: string[] };
  let current: Open = { newTurn: false, text: [] };
  const parts: Open[] = [current];
  const open = (speaker: string | undefined, newTurn: boolean) => {
    current = { ...(speaker ? { speaker } : {}), newTurn, text: [] };
    parts.push(current);
  };
  for (const chunk of splitByVoice(raw)) {
    if (chunk.voice !== undefined) open(chunk.voice || undefined, false);
    const lines = chunk.body
      .split('\n')
      .map((rawLine) => withoutMusicNotes(plainText(rawLine)))
      .filter((line) => line !== '');
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i];
      // `MR\nKIRBY: Hello.`: a label the caption wrapped over its first two lines.
      const wrapped = i === 0 && !TURN.test(line) ? wrappedLabel(line, lines[1]) : undefined;
      if (wrapped) {
        line = wrapped;
        i++;
      }
      if (TURN.test(line)) {
        const rest = line.replace(TURN, '');
        const named = TURN_LABEL.exec(rest);
        open(named?.[1].trim(), true);
        line = named ? named[2] : rest;
      } else {
        // `- Yes.` / `- No.`: another voice; a name after the dash says whose.
        const dashed = DIALOGUE_DASH.test(line);
        if (dashed) line = line.replace(DIALOGUE_DASH, '');
        const named = speakerAtStart(line);
        if (named) {
          open(named.speaker, dashed);
          line = named.rest;
        } else if (dashed) open(undefined, true);
      }
      if (line) current.text.push(line);
    }
  }
  // A part with no words hands its turn to the part after it (`>>` on a line of its own, then
  // `KIRBY: Hi.`). At the end of the cue it stays when it names a speaker or starts a turn: a cue
  // may end with `>> LAVROV:` and carry his words in the next cue, which are not the previous speaker's.
  const kept: Open[] = [];
  let pending: Open | undefined;
  for (const part of parts) {
    if (part.text.length === 0) {
      if (part.speaker !== undefined || part.newTurn) pending = part;
      continue;
    }
    kept.push(pending ? { ...part, speaker: part.speaker ?? pending.speaker, newTurn: part.newTurn || pending.newTurn } : part);
    pending = undefined;
  }
  if (pending) kept.push(pending);
  return kept
    .map((p) => ({ ...(p.speaker ? { speaker: p.speaker } : {}), newTurn: p.newTurn, pieces: piecesOf(p.text.join(' ')) }));
}

/** Up to three words in capitals with no label of their own: the start of a label wrapped onto the next line. */
const LABEL_START = /^\p{Lu}[\p{Lu}\p{M}.'’-]*(?: \p{Lu}[\p{Lu}\p{M}.'’-]*){0,2}$/u;

/**
 * The first two lines as one when the first is only the start of a speaker label and the second
 * finishes it (`MR` + `KIRBY: Hello.` → `MR KIRBY: Hello.`); otherwise undefined. A first line
 * that is a whole sentence in capitals (`WE AGREE.`) is not a label's start: it ends a sentence.
 */
function wrappedLabel(first: string, second: string | undefined): string | undefined {
  if (second === undefined || !LABEL_START.test(first) || /[!?]$|[^.]{4}\.$/u.test(first) || parseSpeakerLabel(first)) return undefined;
  const label = parseSpeakerLabel(second);
  if (!label) return undefined;
  const joined = `${first} ${second}`;
  const raw = parseSpeakerLabel(joined)?.raw;
  if (raw !== `${first} ${label.raw}`) return undefined;
  // One capital word is a label's start only as a title (`MR`, `SECRETARY`): `NO` then `KIRBY: …` is a reply and a label.
  return first.includes(' ') || nameOfLabel(raw) !== raw ? joined : undefined;
}

/** `[KERRY] …` or `MR KIRBY: …` at the start of a line: the name and the text after it. */
function speakerAtStart(line: string): { speaker: string; rest: string } | undefined {
  const bracket = BRACKET_NAME.exec(line);
  if (bracket) {
    const name = bracket[1].trim();
    // `[APPLAUSE]`, `[LAUGHS]`, `[MUSIC]` are sounds, not people.
    const isSound = SOUND_BY_LABEL.has(`[${name.toLowerCase()}]`) || soundEventFromDirection(name) !== undefined || isMusicOnly(`[${name}]`);
    if (!isSound) return { speaker: name, rest: bracket[2] };
  }
  const label = parseSpeakerLabel(line);
  return label ? { speaker: label.raw, rest: label.rest } : undefined;
}

/** The text before the first voice tag, then each voice tag's name and the text after it. */
function splitByVoice(raw: string): { voice?: string; body: string }[] {
  const chunks: { voice?: string; body: string }[] = [];
  let last = 0;
  let voice: string | undefined;
  for (const tag of voiceTags(raw)) {
    chunks.push({ ...(voice !== undefined ? { voice } : {}), body: raw.slice(last, tag.index) });
    // An annotation may run over a line break (`<v Secretary\nKerry>`): one name, spaced once.
    voice = decodeEntities(tag.name ?? '')
      .replace(/\s+/gu, ' ')
      .trim();
    last = tag.end;
  }
  chunks.push({ ...(voice !== undefined ? { voice } : {}), body: raw.slice(last) });
  // Only the chunk right after a tag opens a part; the text before the first tag has no voice.
  return chunks.map((c, i) => (i === 0 ? { body: c.body } : c));
}

const SPACE = /^\s$/u;
/** What ends a tag's name and starts its annotation in WebVTT: a tab, a line feed, a form feed or a space. */
const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\f';

/**
 * WebVTT voice tags, `<v Name>` or `<v.class Name>` or `<v>`, as `/<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>/g`
 * finds them, by a scan: that pattern reads the rest of the text from each `<v ` when no `>`
 * follows, so a cue of a million `<v ` would cost a million squared steps.
 */
function* voiceTags(raw: string): Generator<{ index: number; end: number; name?: string }> {
  for (let at = raw.indexOf('<v'); at >= 0; ) {
    let p = at + 2;
    if (raw[p] === '.') {
      p++;
      while (p < raw.length && raw[p] !== '>' && !SPACE.test(raw[p])) p++;
    }
    if (raw[p] === '>') {
      yield { index: at, end: p + 1 };
      at = raw.indexOf('<v', p + 1);
    } else if (isBlank(raw[p])) {
      while (isBlank(raw[p])) p++;
      const close = raw.indexOf('>', p);
      // Without a `>` after it, neither this tag nor any later one closes.
      if (close < 0) return;
      yield { index: at, end: close + 1, name: raw.slice(p, close) };
      at = raw.indexOf('<v', close + 1);
    } else {
      // A class that ran into other white space or the end: every `<v` inside it fails the same way.
      at = raw.indexOf('<v', Math.max(at + 1, p));
    }
  }
}

type Piece = CuePart['pieces'][number];

function piecesOf(text: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  const pushText = (t: string) => {
    const trimmed = t.trim();
    if (trimmed) pieces.push({ kind: 'text', text: trimmed });
  };
  for (const match of text.matchAll(BRACKETED)) {
    const inner = match[0].slice(1, -1);
    const sound = SOUND_BY_LABEL.get(match[0].toLowerCase()) ?? soundEventFromDirection(inner);
    if (!sound) continue;
    pushText(text.slice(last, match.index));
    pieces.push({ kind: 'sound', sound });
    last = match.index + match[0].length;
  }
  pushText(text.slice(last));
  return pieces;
}
