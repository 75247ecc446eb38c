import { canonicalLanguageTag } from '../../language-tags';
import type { Lang } from '../caption-style';
import type { Cue } from '../cues/cue';
import { SOUND_EVENTS } from '../sound-events';
import { parseCaptionFile, type CaptionFormat } from './caption-file';
import { decodeEntities, plainText } from './html-text';
import type { ImportProblem } from './problems';
import { endsWithBefore } from '../text-ends';

const LANG_SPAN = /<lang ([a-z]{2})[^>]*>/u;
const VOICE = /<v(?:\.[^\s>]*)?[ \t]+([^>]*)>/u;
const TURN_LABEL = /^(>>\s*[^:]{1,60}:)\s*/u;
/** What ends a sentence, before any closing quotes or brackets (`.»`). */
const SENTENCE_ENDS = '.!?…。！？؟';
const SENTENCE_END = { test: (line: string) => endsWithBefore(line, SENTENCE_ENDS) };
const SOUND_LABELS = new Set<string>(Object.values(SOUND_EVENTS).flatMap((e) => Object.values(e.label)));

/**
 * Reads a caption file back into cues as `check` measures them, without speech times: the lines
 * as shown (markup removed, an SRT turn label kept apart), the language of each cue (`<lang>`
 * spans in a bilingual WebVTT file), its speaker and whether it marks a new turn. This is how
 * the tests hold every export to the house style.
 */
export async function readCaptionCues(
  text: string,
  format: CaptionFormat,
  file: string,
  defaultLang: Lang,
): Promise<{ cues: Partial<Record<Lang, Cue[]>>; problems: readonly ImportProblem[] }> {
  // A bilingual file overlaps across languages by design; `check` measures gaps per language.
  const parsed = await parseCaptionFile(text, format, file, { overlapsAreProblems: !LANG_SPAN.test(text) });
  const cues: Partial<Record<Lang, Cue[]>> = {};
  const speakerOf: Partial<Record<Lang, string>> = {};
  for (const raw of parsed.cues) {
    const tagged = LANG_SPAN.exec(raw.text)?.[1];
    const lang = (tagged === undefined ? undefined : canonicalLanguageTag(tagged)) ?? defaultLang;
    const voice = VOICE.exec(raw.text)?.[1];
    let lines = raw.text.split('\n').map(plainText).filter((l) => l !== '');
    let turnLabel: string | undefined;
    const label = format === 'srt' ? TURN_LABEL.exec(lines[0] ?? '') : null;
    if (label) {
      turnLabel = label[1];
      lines = [lines[0].slice(label[0].length), ...lines.slice(1)];
    }
    const speaker = voice !== undefined ? decodeEntities(voice).trim() : label ? label[1] : speakerOf[lang] ?? '';
    if (voice !== undefined && speaker !== speakerOf[lang]) turnLabel = '';
    speakerOf[lang] = speaker;
    const list = (cues[lang] ??= []);
    const previous = list.at(-1);
    // A cue that goes on with the sentence of the cue before (same speaker, no sentence end between)
    // shares its segment, so that `check` judges the break between them as it judges a line break.
    const continues = previous !== undefined && previous.kind === 'speech' && previous.speakerId === speaker && !SENTENCE_END.test(previous.lines.at(-1) ?? '');
    list.push({
      number: list.length + 1,
      lang,
      kind: lines.length === 1 && SOUND_LABELS.has(lines[0]) ? 'sound' : 'speech',
      speakerId: speaker,
      voice: speaker,
      ...(turnLabel !== undefined ? { turnLabel } : {}),
      lines,
      startMs: raw.startMs,
      endMs: raw.endMs,
      segmentId: continues ? previous.segmentId : `${lang}-${list.length + 1}`,
      interpreted: /<v\.interpreted/u.test(raw.text),
    });
  }
  return { cues, problems: parsed.problems };
}
