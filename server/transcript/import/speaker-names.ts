import type { Transcript } from '../model';
import type { ImportProblem } from './problems';

/**
 * What a presenter may edit before a room starts. A title as long as a long headline (the State
 * Department's run to about 120 characters); a name with a role, as CAPTION-STYLE writes them
 * ("Question – Olga Golovanova, Interfax" is 36).
 */
export const MAX_TITLE_CHARS = 200;
export const MAX_SPEAKER_NAME_CHARS = 80;

/**
 * The presenter's names for speakers, checked against the transcript: each replaces the label in
 * the transcript's first language, and in any other language whose label was the same text (a
 * name nobody translated). A name for a speaker the transcript does not have is a problem.
 */
export function renameSpeakers(
  transcript: Transcript,
  names: Readonly<Record<string, string>>,
  file: string,
): { readonly ok: true; readonly transcript: Transcript } | { readonly ok: false; readonly problems: readonly ImportProblem[] } {
  const ids = Object.keys(names);
  if (ids.length === 0) return { ok: true, transcript };
  const known = new Set(transcript.speakers.map((s) => s.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    return { ok: false, problems: unknown.map((id) => ({ code: 'invalid-metadata', file, line: 1, message: `speakerNames.${id}: the transcript has no speaker "${id}"` })) };
  }
  const floor = transcript.languages[0];
  const speakers = transcript.speakers.map((speaker) => {
    const name = names[speaker.id]?.trim();
    if (!name) return speaker;
    const before = speaker.label[floor];
    const label = Object.fromEntries(Object.entries(speaker.label).map(([lang, text]) => [lang, lang === floor || text === before ? name : text]));
    return { ...speaker, label: { ...label, [floor]: name } };
  });
  return { ok: true, transcript: { ...transcript, speakers } };
}

