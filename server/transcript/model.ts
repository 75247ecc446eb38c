import { z } from 'zod';
import { canonicalLanguageTag } from '../language-tags';
import { MAX_EVS_MS, MIN_EVS_MS } from './caption-style';
import { SOUND_EVENT_NAMES } from './sound-events';

/**
 * The compiled transcript: what `data/transcripts/<id>.json` holds and what the server replays.
 * Checked with this schema whenever it is read, so a hand-edited file fails loudly at start-up.
 */
export const TRANSCRIPT_SCHEMA_VERSION = 1;

/** Any BCP 47 tag, in its canonical form, so one language never has two spellings in one file. */
export const LangSchema = z.string().refine((tag) => canonicalLanguageTag(tag) === tag, {
  error: (issue) => `"${String(issue.input)}" is not a BCP 47 language tag in canonical form (en, ru, zh-Hans, pt-BR)`,
});
const ms = z.int().nonnegative();
const TextByLang = z.partialRecord(LangSchema, z.string().min(1));
export const SpanSchema = z.object({ startMs: ms, endMs: ms }).refine((s) => s.endMs > s.startMs, {
  message: 'endMs must be after startMs',
});

export const SpeakerSchema = z.object({
  id: z.string().regex(/^[\p{Ll}\d-]+$/u),
  label: TextByLang,
  short: TextByLang,
  role: z.enum(['moderator', 'journalist', 'principal']).optional(),
  /** Index into the caption palette, in order of first appearance (BBC order: white, yellow, cyan, green…). */
  colour: z.int().nonnegative(),
});

export const SegmentSchema = z.object({
  id: z.string().min(1),
  index: z.int().nonnegative(),
  turn: z.int().nonnegative(),
  speakerId: z.string(),
  sourceLang: LangSchema,
  kind: z.enum(['speech', 'sound']),
  sound: z.enum(SOUND_EVENT_NAMES).optional(),
  /** Text per language; the source language's text is what was said, the others interpret it. */
  text: TextByLang,
  /** When the source speech is heard, on the transcript's time line. */
  startMs: ms,
  endMs: ms,
  /** When each language's text is shown: the source's speech span, or the interpretation's. */
  timing: z.partialRecord(LangSchema, SpanSchema),
  /** Line of the source file the segment came from. */
  line: z.int().positive(),
});

export const TranscriptSchema = z
  .object({
    schemaVersion: z.literal(TRANSCRIPT_SCHEMA_VERSION),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/u),
    meta: z.object({
      title: z.string().min(1),
      /** The title in the transcript's other languages. */
      titles: z.partialRecord(LangSchema, z.string().min(1)).optional(),
      headline: z.string().optional(),
      place: z.string().optional(),
      date: z.iso.date().optional(),
      beat: z.string().optional(),
      published: z.string().optional(),
      author: z.string().optional(),
      publisher: z.string().optional(),
      sourceUrl: z.url().optional(),
      sourceFile: z.string(),
      attribution: z.string(),
      notes: z.array(z.string()),
    }),
    languages: z.array(LangSchema).min(1),
    /** Interpreter ear-voice span used for this transcript. */
    evsMs: z.int().min(MIN_EVS_MS).max(MAX_EVS_MS),
    /** The booths whose own ear-voice span differs from `evsMs` (from their translation files). */
    boothEvsMs: z.partialRecord(LangSchema, z.int().min(MIN_EVS_MS).max(MAX_EVS_MS)).optional(),
    durationMs: ms,
    speakers: z.array(SpeakerSchema).min(1),
    segments: z.array(SegmentSchema).min(1),
  })
  .superRefine((t, ctx) => {
    const speakerIds = new Set(t.speakers.map((s) => s.id));
    const languages = new Set(t.languages);
    if (languages.size !== t.languages.length) ctx.addIssue({ code: 'custom', path: ['languages'], message: 'a language is listed twice' });
    t.segments.forEach((segment, i) => {
      for (const lang of Object.keys(segment.text)) {
        if (languages.has(lang) && !segment.timing[lang]) ctx.addIssue({ code: 'custom', path: ['segments', i, 'timing', lang], message: `text in "${lang}" without its timing` });
      }
      if (segment.index !== i) ctx.addIssue({ code: 'custom', path: ['segments', i, 'index'], message: `index must be ${i}` });
      if (!speakerIds.has(segment.speakerId)) {
        ctx.addIssue({ code: 'custom', path: ['segments', i, 'speakerId'], message: `unknown speaker "${segment.speakerId}"` });
      }
      const prev = t.segments[i - 1];
      if (prev && segment.startMs < prev.endMs) {
        ctx.addIssue({ code: 'custom', path: ['segments', i, 'startMs'], message: 'starts before the previous segment ends' });
      }
      if (segment.kind === 'sound' && !segment.sound) {
        ctx.addIssue({ code: 'custom', path: ['segments', i, 'sound'], message: 'a sound segment names its sound' });
      }
    });
  })
  .transform(withoutUnlistedLanguages);

/**
 * Text in a language the transcript does not list is no lane. Transcripts compiled before a
 * transcript could have one language (uploads kept in STATE_DIR) gave every sound event its
 * Russian and English labels whatever the languages; they load with those labels left out rather
 * than fail, so a saved room still opens. A transcript without such text is returned as it is.
 */
function withoutUnlistedLanguages<T extends { languages: string[]; segments: { text: Record<string, string | undefined>; timing: Record<string, unknown> }[] }>(t: T): T {
  const listed = new Set(t.languages);
  const unlisted = (record: object) => Object.keys(record).some((lang) => !listed.has(lang));
  if (!t.segments.some((s) => unlisted(s.text) || unlisted(s.timing))) return t;
  const keep = <V>(record: Partial<Record<string, V>>) => Object.fromEntries(Object.entries(record).filter(([lang]) => listed.has(lang)));
  return { ...t, segments: t.segments.map((s) => ({ ...s, text: keep(s.text), timing: keep(s.timing) })) };
}

export type Transcript = z.infer<typeof TranscriptSchema>;
export type Segment = z.infer<typeof SegmentSchema>;
export type Speaker = z.infer<typeof SpeakerSchema>;
export type Span = z.infer<typeof SpanSchema>;
