import { DEFAULT_EVS_MS, MIN_GAP_MS, languageStyle, type Lang } from './caption-style';
import type { DraftSegment, DraftTranscript } from './draft';
import { TRANSCRIPT_SCHEMA_VERSION, TranscriptSchema, type Segment, type Span, type Transcript } from './model';
import { SOUND_EVENTS, soundLabel, type SoundEvent } from './sound-events';
import { LEAD_IN_MS, SENTENCE_PAUSE_MS, TURN_PAUSE_MS, interpretationMinimumMs, speechDurationMs } from './speech-rate';
import type { TranslationFile, TranslationProblem } from './translations';

type Translations = Partial<Record<Lang, TranslationFile>>;

export interface CompileOptions {
  /** Interpreter ear-voice span for this transcript (2–4 s); a booth's translation file may set its own. */
  readonly evsMs?: number;
  /**
   * Hand-written translations by language, one file per booth: each adds its language to the
   * transcript, and only entries whose source text still matches are used.
   */
  readonly translations?: Translations;
  /** Collects translations that are missing, stale or orphaned. */
  readonly onTranslationProblem?: (problem: TranslationProblem) => void;
}

/**
 * Lays a draft out on a time line and validates it.
 *
 * The transcript's languages are the draft's (its source definition's), in its order, then every
 * other language a translation file brings; a language left with no spoken text is left out, so a
 * one-language transcript has one lane. Source speech follows the speech-rate model. Each other
 * language's text is the interpretation: it trails its source by its booth's ear-voice span (its
 * translation file's `evsMs`, else the transcript's), and takes at least the time its text needs to be
 * read at the aim reading speed (`interpretationMinimumMs`), running on into the pause that
 * follows. A lane (one language's captions) never shows two things at once: the next segment
 * starts only once the interpreter has finished the previous one, as happens in a room with a
 * booth. Timed segments (SRT, WebVTT) keep their times; an interpretation that would run into
 * the next segment is compressed, down to the hard reading-speed limit.
 */
export function compileTranscript(draft: DraftTranscript, options: CompileOptions = {}): Transcript {
  const evsMs = options.evsMs ?? DEFAULT_EVS_MS;
  const translations = options.translations ?? {};
  const report = (problem: TranslationProblem) => options.onTranslationProblem?.(problem);
  // The source definition's languages first, in its order, then any other booth a translation file brings.
  const listed = [...new Set([...draft.languages, ...(Object.keys(translations) as Lang[]).sort()])];
  const ids = segmentIds(draft);
  // Languages the source definition lists that nobody speaks on the floor: booths the author asked for.
  const floor = new Set(draft.segments.map((s) => s.sourceLang));
  const declaredBooths = new Set(draft.languages.filter((l) => !floor.has(l)));
  const used = new Set<string>();
  const speechText = draft.segments.map((s, i) => (s.kind === 'speech' ? withTranslations(ids[i], s.text, listed, declaredBooths, translations, report, used) : undefined));
  const { languages, notes } = roomLanguages(listed, speechText);
  const evsOf = (lang: Lang) => translations[lang]?.evsMs ?? evsMs;

  const laneFreeAt: Partial<Record<Lang, number>> = {};
  const segments: Segment[] = [];
  let prevEnd = 0;
  let prevTurn = -1;
  draft.segments.forEach((draftSegment, index) => {
    const newTurn = draftSegment.turn !== prevTurn;
    const pause = index === 0 ? LEAD_IN_MS : newTurn ? TURN_PAUSE_MS : SENTENCE_PAUSE_MS;
    const id = ids[index];
    const text = draftSegment.kind === 'sound' ? soundText(draftSegment.sound, languages, translations) : speechText[index]!;
    const langs = languages.filter((l) => text[l] !== undefined);
    // Each booth trails the speaker by its own ear-voice span; the language spoken, and a sound, do not trail.
    const offsetOf = (lang: Lang) => (draftSegment.kind === 'sound' || lang === draftSegment.sourceLang ? 0 : evsOf(lang));

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

  reportOrphans(translations, new Set(ids), new Set(draft.speakers.map((s) => s.id)), used, report);
  compressIntoNext(segments, languages);
  // A loop, not `Math.max(...spans)`: a call takes only so many arguments, and a transcript may
  // have a hundred thousand segments.
  let durationMs = prevEnd;
  for (const segment of segments) for (const span of Object.values(segment.timing)) if (span) durationMs = Math.max(durationMs, span.endMs);
  // Colours in order of first appearance.
  const colourOrder = new Map<string, number>();
  for (const segment of segments) if (!colourOrder.has(segment.speakerId)) colourOrder.set(segment.speakerId, colourOrder.size);
  const titles = byLanguage(languages, (lang) => translations[lang]?.title);
  const boothEvsMs = byLanguage(languages, (lang) => translations[lang]?.evsMs);
  return TranscriptSchema.parse({
    schemaVersion: TRANSCRIPT_SCHEMA_VERSION,
    id: draft.id,
    meta: {
      ...draft.meta,
      notes: [...draft.meta.notes, ...notes],
      ...(titles ? { titles } : {}),
    },
    languages,
    evsMs,
    ...(boothEvsMs ? { boothEvsMs } : {}),
    durationMs,
    speakers: draft.speakers.map((speaker) => ({
      ...speaker,
      label: withBoothLabels(speaker.label, languages, (lang) => translations[lang]?.speakers?.[speaker.id]?.label),
      short: withBoothLabels(speaker.short, languages, (lang) => translations[lang]?.speakers?.[speaker.id]?.short),
      colour: colourOrder.get(speaker.id) ?? 0,
    })),
    segments,
  });
}

/**
 * The languages of the finished transcript: those listed that have spoken text in at least one
 * segment (a language whose only text would be sound labels is no lane), in the listed order, and
 * any other language a segment's text is in. A listed language left out gets a note saying so.
 */
function roomLanguages(listed: readonly Lang[], speechText: readonly (Partial<Record<Lang, string>> | undefined)[]): { languages: Lang[]; notes: string[] } {
  const spoken = new Set<Lang>();
  for (const text of speechText) if (text) for (const lang of Object.keys(text)) spoken.add(lang);
  const languages = [...listed.filter((l) => spoken.has(l)), ...[...spoken].filter((l) => !listed.includes(l))];
  const notes = listed.filter((l) => !spoken.has(l)).map((l) => `language "${l}" left out: no segment has text in it`);
  return { languages, notes };
}

/** Values per language in the languages' order, or undefined when no language has one. */
function byLanguage<T>(languages: readonly Lang[], valueOf: (lang: Lang) => T | undefined): Partial<Record<Lang, T>> | undefined {
  const entries = languages.flatMap((lang) => {
    const value = valueOf(lang);
    return value === undefined ? [] : [[lang, value] as const];
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** A speaker's labels, with each booth's own label (from its translation file) in its language. */
function withBoothLabels(
  labels: Partial<Record<Lang, string>>,
  languages: readonly Lang[],
  boothLabel: (lang: Lang) => string | undefined,
): Partial<Record<Lang, string>> {
  return { ...labels, ...byLanguage(languages, boothLabel) };
}

function soundText(sound: SoundEvent, languages: readonly Lang[], translations: Translations): Partial<Record<Lang, string>> {
  return Object.fromEntries(languages.map((lang) => [lang, soundLabel(sound, lang, translations[lang]?.sounds)]));
}

function reportOrphans(
  translations: Translations,
  segmentIds: ReadonlySet<string>,
  speakerIds: ReadonlySet<string>,
  used: ReadonlySet<string>,
  report: (problem: TranslationProblem) => void,
): void {
  for (const [lang, file] of Object.entries(translations) as [Lang, TranslationFile][]) {
    for (const segmentId of Object.keys(file.segments)) {
      if (!used.has(`${lang}:${segmentId}`) && !segmentIds.has(segmentId)) {
        report({ segmentId, lang, code: 'orphan', message: 'translation of a segment the transcript no longer has' });
      }
    }
    for (const speakerId of Object.keys(file.speakers ?? {})) {
      if (!speakerIds.has(speakerId)) report({ segmentId: `speakers.${speakerId}`, lang, code: 'orphan', message: 'label of a speaker the transcript does not have' });
    }
  }
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
  declared: ReadonlySet<Lang>,
  translations: Translations,
  report: (problem: TranslationProblem) => void,
  used: Set<string>,
): Partial<Record<Lang, string>> {
  const [written] = Object.entries(text) as [Lang, string][];
  if (!written) return text;
  const merged = { ...text };
  for (const lang of languages) {
    if (merged[lang] !== undefined) continue;
    const entry = translations[lang]?.segments[id];
    if (!entry) {
      // A booth whose file lacks the segment, or a booth the source definition asks for that no file
      // brings: the author meant a lane there, so `check` fails instead of the lane quietly vanishing.
      // (A listed language only spoken on the floor, with no text of its own, is no booth.)
      if (translations[lang] || declared.has(lang)) report({ segmentId: id, lang, code: 'missing', message: translations[lang] ? 'no translation' : 'no translation file for this language' });
      continue;
    }
    used.add(`${lang}:${id}`);
    if (entry.source !== written[1]) {
      report({
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
