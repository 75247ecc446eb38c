import path from 'node:path';
import { canonicalLanguageTag } from '../language-tags';
import type { Lang } from './caption-style';
import { checkTranscript, type TranscriptCheck } from './check/check-transcript';
import { compileTranscript } from './compile';
import { parseCaptionFile, type CaptionFormat } from './import/caption-file';
import { cleanSourceText } from './import/clean-text';
import { withoutTags } from './import/html-text';
import { importPlainTranscript } from './import/plain-transcript';
import { decodeSource } from './import/decode-source';
import { renameSpeakers } from './import/speaker-names';
import type { ImportProblem, ImportWarning } from './import/problems';
import type { SpeakerDirectory } from './import/speaker-directory';
import { importTimedCaptions, type TimedFile } from './import/timed-transcript';
import type { Transcript } from './model';

/** Largest source file the importers accept: a three-hour transcript is well under 1 MiB. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
/**
 * Most sentences (and sound events) one uploaded transcript may have: about 20 hours of speech
 * (the press conference has 88 in 10.5 minutes). The server's event loop receives the compiled
 * transcript from the import worker and keeps it; at this size that takes some tens of ms, at
 * 100,000 segments seconds, during which no caption would go out.
 */
export const MAX_SEGMENTS = 10_000;

/**
 * A transcript is one file, or timed files one per language: the floor and its booths. Six is the
 * United Nations' working languages, the most booths a real event we know of has; each file is
 * at most MAX_SOURCE_BYTES, so an import holds at most 12 MiB of source text.
 */
export const MAX_UPLOAD_FILES = 6;


export interface UploadFile {
  readonly name: string;
  readonly content: string | Uint8Array;
  /** The file's language; otherwise from its name (`talk.ru.vtt`), otherwise from its script. */
  readonly lang?: Lang;
}

export interface UploadOptions {
  /** Transcript id; from the first file's name when absent. */
  readonly id?: string;
  readonly title?: string;
  /** The language actually spoken; the first file's language when absent. */
  readonly sourceLang?: Lang;
  /** Plain transcripts: the languages of the finished transcript, and the language of turns marked "(Via interpreter)". */
  readonly languages?: readonly Lang[];
  readonly interpretedFrom?: Lang;
  /** Who may speak, with labels per language (a sidecar's `speakers`). */
  readonly speakers?: SpeakerDirectory;
  /** Every speaker the captions name must be in `speakers`. */
  readonly requireKnownSpeakers?: boolean;
  /** Interpreter ear-voice span, 2–4 s. */
  readonly evsMs?: number;
  /** Display names the presenter gave speakers before starting the room, by speaker id. */
  readonly speakerNames?: Readonly<Record<string, string>>;
}

export type UploadResult =
  | {
      readonly ok: true;
      readonly transcript: Transcript;
      /** The transcript re-segmented to house style, measured: what `check` prints. */
      readonly check: TranscriptCheck;
      /** What was changed to read the files (clamped overlaps, cues left out…), with file and line. */
      readonly warnings: readonly ImportWarning[];
    }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

const FORMATS: Record<string, CaptionFormat | 'plain'> = { '.srt': 'srt', '.vtt': 'vtt', '.txt': 'plain', '.md': 'plain' };

/**
 * Imports uploaded files into a compiled transcript without touching the disk: one plain
 * press-office transcript, or one SRT/WebVTT file, or two of them (one per language, paired by
 * time). Every problem of every file is reported at once, each with its file and line; a
 * transcript comes back only when there are none, with the house-style check of its cues.
 */
export async function importUpload(upload: Upload): Promise<UploadResult> {
  const compiled = await compileUpload(upload);
  return compiled.ok ? { ...compiled, check: checkTranscript(compiled.transcript) } : compiled;
}

export interface Upload {
  readonly files: readonly UploadFile[];
  readonly options?: UploadOptions;
}

export type CompiledUpload =
  | { readonly ok: true; readonly transcript: Transcript; readonly warnings: readonly ImportWarning[] }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

/** `importUpload` without the house-style check: what a room needs. */
export async function compileUpload(upload: Upload): Promise<CompiledUpload> {
  const options = upload.options ?? {};
  const problems: ImportProblem[] = [];
  const warnings: ImportWarning[] = [];
  const finish = (transcript: Transcript): CompiledUpload => {
    const named = renameSpeakers(transcript, options.speakerNames ?? {}, upload.files[0]?.name ?? '(upload)');
    return named.ok ? { ok: true, transcript: named.transcript, warnings } : { ok: false, problems: named.problems };
  };
  if (upload.files.length === 0 || upload.files.length > MAX_UPLOAD_FILES) {
    return {
      ok: false,
      problems: [{ code: 'too-many-files', file: '(upload)', line: 1, message: `give one file, or up to ${MAX_UPLOAD_FILES} timed files (one per language); got ${upload.files.length}` }],
    };
  }
  const read = upload.files.map((file) => readUploadFile(file, problems, warnings));
  const kinds = new Set(read.map((r) => r.format));
  if (read.length > 1 && kinds.has('plain')) {
    problems.push({ code: 'unsupported-format', file: read[1].name, line: 1, message: 'several files go together only as SRT or WebVTT captions, one per language' });
  }
  read.forEach((file, i) => {
    const same = read.findIndex((r) => r.lang !== undefined && r.lang === file.lang);
    if (file.lang !== undefined && same < i) problems.push({ code: 'invalid-metadata', file: file.name, line: 1, message: `${read[same].name} and this file are both in "${file.lang}"; give one file per language (name them talk.en.srt, talk.fr.srt…)` });
  });
  if (problems.length > 0 || read.some((r) => r.text === undefined)) return { ok: false, problems };
  const id = options.id ?? idFromName(read[0].name);

  if (read[0].format === 'plain') {
    const result = importPlainTranscript(read[0].text!, {
      file: read[0].name,
      id,
      title: options.title,
      // A transcript is in the languages it is written in: the file's (its name, or its script), or what the sidecar says.
      languages: options.languages ?? [read[0].lang ?? 'en'],
      interpretedFrom: options.interpretedFrom,
      speakers: options.speakers,
    });
    if (!result.draft || result.problems.length > 0) return { ok: false, problems: result.problems };
    if (result.draft.segments.length > MAX_SEGMENTS) return { ok: false, problems: [tooManySegments(read[0].name, result.draft.segments.length)] };
    return finish(compileTranscript(result.draft, { evsMs: options.evsMs }));
  }

  const parsed: TimedFile[] = [];
  for (const file of read) {
    const found = await parseCaptionFile(file.text!, file.format as CaptionFormat, file.name);
    problems.push(...found.problems);
    warnings.push(...found.warnings);
    parsed.push({ file: file.name, lang: file.lang ?? 'en', cues: found.cues });
  }
  const sourceIndex = options.sourceLang ? Math.max(0, parsed.findIndex((f) => f.lang === options.sourceLang)) : 0;
  const source = parsed[sourceIndex];
  const others = parsed.filter((_, i) => i !== sourceIndex);
  const result = importTimedCaptions(source, others, { id, title: options.title, speakers: options.speakers, requireKnownSpeakers: options.requireKnownSpeakers });
  problems.push(...result.problems);
  if (problems.length > 0 || !result.draft) return { ok: false, problems: dedupe(problems) };
  if (result.draft.segments.length > MAX_SEGMENTS) return { ok: false, problems: [tooManySegments(source.file, result.draft.segments.length)] };
  return finish(compileTranscript(result.draft, { evsMs: options.evsMs }));
}

function tooManySegments(file: string, count: number): ImportProblem {
  return { code: 'too-large', file, line: 1, message: `the transcript has ${count} sentences and sound events; the most one upload may have is ${MAX_SEGMENTS} (about 20 hours of speech)` };
}

interface ReadFile {
  readonly name: string;
  readonly format?: CaptionFormat | 'plain';
  readonly lang?: Lang;
  readonly text?: string;
}

function readUploadFile(file: UploadFile, problems: ImportProblem[], warnings: ImportWarning[]): ReadFile {
  const name = file.name;
  const ext = path.extname(name).toLowerCase();
  const format = FORMATS[ext];
  const bytes = typeof file.content === 'string' ? Buffer.byteLength(file.content) : file.content.byteLength;
  let ok = true;
  if (!format) {
    problems.push({ code: 'unsupported-format', file: name, line: 1, message: `no importer for "${ext || 'files without an extension'}"; use .srt, .vtt, .txt or .md` });
    ok = false;
  }
  if (bytes > MAX_SOURCE_BYTES) {
    problems.push({ code: 'too-large', file: name, line: 1, message: `the file is ${bytes} bytes; the limit is ${MAX_SOURCE_BYTES}` });
    ok = false;
  }
  let text: string | undefined;
  if (ok && typeof file.content === 'string') text = file.content;
  else if (ok && typeof file.content !== 'string') {
    const decoded = decodeSource(file.content, name);
    if (decoded.ok) {
      text = decoded.text;
      warnings.push(...decoded.warnings);
    } else problems.push(decoded.problem);
  }
  const lang = file.lang ?? langFromName(name) ?? (text !== undefined ? langFromScript(text) : undefined);
  // A byte order mark goes with the other invisible characters (clean-text.ts).
  return { name, format, lang, text: text === undefined ? undefined : cleanSourceText(text) };
}

/** `talk.ru.vtt` → `ru`, `talk.pt-BR.srt` → `pt-BR`, `talk.zh-hans.vtt` → `zh-Hans`. */
export function langFromName(name: string): Lang | undefined {
  const match = /\.([a-z]{2,3}(?:-[a-z0-9]{2,8})*)\.[^.]+$/iu.exec(name)?.[1];
  return match === undefined ? undefined : canonicalLanguageTag(match);
}

/**
 * The language a script is most likely written in, for the scripts where one language dominates
 * so much that the guess is rarely wrong; Latin letters say nothing about English, French or
 * German, and are taken as English (a file's name, `talk.fr.srt`, or `--lang` says otherwise).
 */
const LANGUAGE_OF_SCRIPT: readonly [RegExp, Lang][] = [
  [/\p{Script=Cyrillic}/u, 'ru'],
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Greek}/u, 'el'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'ja'],
  [/\p{Script=Hangul}/u, 'ko'],
  [/\p{Script=Han}/u, 'zh'],
  [/\p{Script=Devanagari}/u, 'hi'],
  [/\p{Script=Thai}/u, 'th'],
];

/** The language of the script most of the letters are in (Japanese kana win over the Han they mix with); otherwise English. */
export function langFromScript(text: string): Lang {
  // Counted by one scan, not collected: two megabytes of letters would be two million strings.
  const plain = withoutTags(text);
  const counts = new Array<number>(LANGUAGE_OF_SCRIPT.length).fill(0);
  let letters = 0;
  for (const match of plain.matchAll(/\p{L}/gu)) {
    letters++;
    // Latin and IPA (below U+0370) are none of the scripts above: most letters, skipped cheaply.
    if (match[0].codePointAt(0)! < 0x370) continue;
    const at = LANGUAGE_OF_SCRIPT.findIndex(([script]) => script.test(match[0]));
    if (at >= 0) counts[at]++;
  }
  const kana = LANGUAGE_OF_SCRIPT.findIndex(([, lang]) => lang === 'ja');
  const han = LANGUAGE_OF_SCRIPT.findIndex(([, lang]) => lang === 'zh');
  // Japanese writes with kana and Han together; any real share of kana means Japanese.
  if (counts[kana] > 0 && counts[kana] + counts[han] > letters / 2 && counts[kana] >= counts[han] / 10) return 'ja';
  const best = counts.indexOf(Math.max(...counts));
  return counts[best] > letters / 2 ? LANGUAGE_OF_SCRIPT[best][1] : 'en';
}

export function idFromName(name: string): string {
  return (
    path
      .basename(name)
      // `talk.pt-BR.srt` → `talk`: the language tag is not part of the name.
      .replace(/(\.[a-z]{2,3}(?:-[a-z0-9]{2,8})*)?\.[^.]+$/iu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/gu, '-')
      .replace(/^-+|-+$/gu, '')
      .slice(0, 64) || 'transcript'
  );
}

function dedupe(problems: readonly ImportProblem[]): ImportProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.code}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
