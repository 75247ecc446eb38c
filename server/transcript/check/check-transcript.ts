import { checkCues, type LanguageCheck } from '../cues/check-cues';
import { CAPTION_FORMATS, cuesOf } from '../export/export-captions';
import type { Transcript } from '../model';
import type { TranslationProblem } from '../translations';

/** What `check` finds in a transcript: per language and cue format, its cues against the house style; and its translations. */
export interface TranscriptCheck {
  readonly id: string;
  readonly title: string;
  readonly languages: readonly LanguageCheck[];
  readonly translationProblems: readonly TranslationProblem[];
  readonly violationCount: number;
  readonly ok: boolean;
}

/**
 * Segments each language of the transcript into cues as each export writes them (WebVTT, SRT:
 * they differ where SRT's `>> KERRY:` takes room in a line) and measures them (`checkCues`). A segment
 * without text in one of the transcript's languages is a missing translation; `translationProblems`
 * adds what comparing the translation files with the source found (stale, orphaned).
 */
export function checkTranscript(transcript: Transcript, translationProblems: readonly TranslationProblem[] = []): TranscriptCheck {
  const languages = transcript.languages.flatMap((lang) => CAPTION_FORMATS.map((format) => checkCues(cuesOf(transcript, lang, format), lang, format)));
  const missing: TranslationProblem[] = [];
  const reported = new Set(translationProblems.map((p) => `${p.lang}:${p.segmentId}`));
  for (const segment of transcript.segments) {
    for (const lang of transcript.languages) {
      if (segment.text[lang] === undefined && !reported.has(`${lang}:${segment.id}`)) {
        missing.push({ segmentId: segment.id, lang, code: 'missing', message: 'the segment has no text in this language' });
      }
    }
  }
  const problems = [...translationProblems, ...missing];
  const violationCount = languages.reduce((n, l) => n + l.violations.length, 0);
  return { id: transcript.id, title: transcript.meta.title, languages, translationProblems: problems, violationCount, ok: violationCount === 0 && problems.length === 0 };
}
