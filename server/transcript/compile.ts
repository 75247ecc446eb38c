import { DEFAULT_EVS_MS, MIN_GAP_MS, languageStyle, type Lang } from './caption-style';
import type { DraftSegment, DraftTranscript } from './draft';
import { TRANSCRIPT_SCHEMA_VERSION, TranscriptSchema, type Segment, type Span, type Transcript } from './model';
import { SOUND_EVENTS } from './sound-events';
import { LEAD_IN_MS, SENTENCE_PAUSE_MS, TURN_PAUSE_MS, interpretationMinimumMs, speechDurationMs } from './speech-rate';
import type { TranslationFile, TranslationProblem } from './translations';

export interface CompileOptions {
  /** Interpreter ear-voice span for this transcript (2–4 s). */
  readonly evsMs?: number;
  /** Hand-written translations by language; only entries whose source text still matches are used. */
  readonly translations?: Partial<Record<Lang, TranslationFile>>;
  /** Collects translations that are missing, stale or orphaned. */
  readonly onTranslationProblem?: (problem: TranslationProblem) => void;
}

/**
 * Lays a draft out on a time line and validates it.
 *
 * Source speech follows the speech-rate model. Each other language's text is the interpretation:
 * it trails its source by the ear-voice span, and takes at least the time its text needs to be
 * read at the aim reading speed (`interpretationMinimumMs`), running on into the pause that
 * follows. A lane (one language's captions) never shows two things at once: the next segment
 * starts only once the interpreter has finished the previous one, as happens in a room with a
 * booth. Timed segments (SRT, WebVTT) keep their times; an interpretation that would run into
 * the next segment is compressed, down to the hard reading-speed limit.
 */
export function compileTranscript(draft: DraftTranscript, options: CompileOptions = {}): Transcript {
  const evsMs = options.evsMs ?? DEFAULT_EVS_MS;
  const laneFreeAt: Partial<Record<Lang, number>> = {};
  const segments: Segment[] = [];
  let prevEnd = 0;
  let prevTurn = -1;

  const ids = segmentIds(draft);
  const used = new Set<string>();
  draft.segments.forEach((draftSegment, index) => {
    const newTurn = draftSegment.turn !== prevTurn;
    const pause = index === 0 ? LEAD_IN_MS : newTurn ? TURN_PAUSE_MS : SENTENCE_PAUSE_MS;
    const id = ids[index];
    const text = withTranslations(id, textOf(draftSegment), draft.languages, options, used);
    const langs = draft.languages.filter((l) => text[l] !== undefined);
    const offsetOf = (lang: Lang) => (draftSegment.kind === 'sound' || lang === draftSegment.sourceLang ? 0 : evsMs);

    let startMs = draftSegment.startMs ?? prevEnd + pause;
    if (draftSegment.kind === 'speech' && draftSegment.startMs === undefined) {
      for (const lang of langs) {
        const free = laneFreeAt[lang];
        if (free !== undefined) startMs = Math.max(startMs, free + SENTENCE_PAUSE_MS - offsetOf(lang));
      }
    }
    const durationMs = draftSegment.endMs !== undefined && draftSegment.startMs !== undefined
      ? draftSegment.endMs - draftSegment.startMs
      : durationOf(draftSegment, text);
    const endMs = startMs + durationMs;

    const timing: Partial<Record<Lang, Span>> = {};
    for (const lang of langs) {
      const given = draftSegment.kind === 'speech' ? draftSegment.timing?.[lang] : undefined;
      const free = laneFreeAt[lang];
      // An untimed sound waits for the interpreter to finish; a timed one keeps its time.
      const laneStart = given?.startMs ?? (draftSegment.kind === 'sound' && free !== undefined && draftSegment.startMs === undefined
        ? Math.max(startMs, free + MIN_GAP_MS)
        : startMs + offsetOf(lang));
      const interpreted = draftSegment.kind === 'speech' && lang !== draftSegment.sourceLang;
      const laneDuration = interpreted ? Math.max(durationMs, interpretationMinimumMs(text[lang]!, languageStyle(lang).aimReadingCps)) : durationMs;
      const laneEnd = given?.endMs ?? laneStart + laneDuration;
      timing[lang] = { startMs: laneStart, endMs: laneEnd };
      laneFreeAt[lang] = laneEnd;
    }

    segments.push({
      id,
      index,
      turn: draftSegment.turn,
      speakerId: draftSegment.speakerId,
      sourceLang: draftSegment.sourceLang,
      kind: draftSegment.kind,
      ...(draftSegment.kind === 'sound' ? { sound: draftSegment.sound } : {}),
      text,
      startMs,
      endMs,
      timing,
      line: draftSegment.line,
    });
    prevEnd = endMs;
    prevTurn = draftSegment.turn;
  });

  const known = new Set(ids);
  for (const [lang, file] of Object.entries(options.translations ?? {}) as [Lang, TranslationFile][]) {
    for (const segmentId of Object.keys(file.segments)) {
      if (!used.has(`${lang}:${segmentId}`) && !known.has(segmentId)) {
        options.onTranslationProblem?.({ segmentId, lang, code: 'orphan', message: 'translation of a segment the transcript no longer has' });
      }
    }
  }
  compressIntoNext(segments, draft.languages);
  // A loop, not `Math.max(...spans)`: a call takes only so many arguments, and a transcript may
  // have a hundred thousand segments.
  let durationMs = prevEnd;
  for (const segment of segments) for (const span of Object.values(segment.timing)) if (span) durationMs = Math.max(durationMs, span.endMs);
  // Colours in order of first appearance.
  const colourOrder = new Map<string, number>();
  for (const segment of segments) if (!colourOrder.has(segment.speakerId)) colourOrder.set(segment.speakerId, colourOrder.size);
  return TranscriptSchema.parse({
    schemaVersion: TRANSCRIPT_SCHEMA_VERSION,
    id: draft.id,
    meta: {
      ...draft.meta,
      ...(options.translations?.ru?.title ? { titles: { ru: options.translations.ru.title } } : {}),
    },
    languages: draft.languages,
    evsMs,
    durationMs,
    speakers: draft.speakers.map((speaker) => ({ ...speaker, colour: colourOrder.get(speaker.id) ?? 0 })),
    segments,
  });
}

/** `t07-s03`: turn and sentence within the turn, stable while the source's sentences are. */
export function segmentIds(draft: DraftTranscript): string[] {
  const perTurn = new Map<number, number>();
  return draft.segments.map((segment) => {
    const n = perTurn.get(segment.turn) ?? 0;
    perTurn.set(segment.turn, n + 1);
    return `t${String(segment.turn).padStart(2, '0')}-s${String(n).padStart(2, '0')}`;
  });
}

function withTranslations(
  id: string,
  text: Partial<Record<Lang, string>>,
  languages: readonly Lang[],
  options: CompileOptions,
  used: Set<string>,
): Partial<Record<Lang, string>> {
  const [written] = Object.entries(text) as [Lang, string][];
  if (!written) return text;
  const merged = { ...text };
  for (const lang of languages) {
    if (merged[lang] !== undefined) continue;
    const entry = options.translations?.[lang]?.segments[id];
    if (!entry) {
      if (options.translations?.[lang]) options.onTranslationProblem?.({ segmentId: id, lang, code: 'missing', message: 'no translation' });
      continue;
    }
    used.add(`${lang}:${id}`);
    if (entry.source !== written[1]) {
      options.onTranslationProblem?.({
        segmentId: id,
        lang,
        code: 'stale',
        message: `the source changed since it was translated: was "${entry.source}", now "${written[1]}"`,
      });
      continue;
    }
    merged[lang] = entry.text;
  }
  return merged;
}

function textOf(segment: DraftSegment): Partial<Record<Lang, string>> {
  if (segment.kind === 'sound') return { ...SOUND_EVENTS[segment.sound].label };
  return segment.text;
}

function durationOf(segment: DraftSegment, text: Partial<Record<Lang, string>>): number {
  if (segment.kind === 'sound') return SOUND_EVENTS[segment.sound].durationMs;
  const spoken = text[segment.sourceLang];
  if (spoken !== undefined) return speechDurationMs(spoken, segment.sourceLang);
  const [measuredIn, other] = Object.entries(text)[0] as [Lang, string];
  return speechDurationMs(other, segment.sourceLang, measuredIn);
}

/**
 * Timed segments cannot move, so an interpretation that would run into the next thing in its
 * lane ends the minimum gap before it instead, as long as it stays within the hard reading speed.
 */
function compressIntoNext(segments: Segment[], languages: readonly Lang[]): void {
  for (const lang of languages) {
    const lane = segments.filter((s) => s.timing[lang]).sort((a, b) => a.timing[lang]!.startMs - b.timing[lang]!.startMs);
    lane.forEach((segment, i) => {
      const span = segment.timing[lang]!;
      const next = lane[i + 1]?.timing[lang];
      if (!next || segment.kind !== 'speech' || segment.sourceLang === lang || span.endMs <= next.startMs - MIN_GAP_MS) return;
      const shortest = Math.ceil(((segment.text[lang] ?? '').length * 1000) / languageStyle(lang).maxReadingCps);
      segment.timing[lang] = { startMs: span.startMs, endMs: Math.max(next.startMs - MIN_GAP_MS, span.startMs + shortest) };
    });
  }
}
