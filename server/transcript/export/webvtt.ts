import { languageName } from '../../language-tags';
import type { Lang } from '../caption-style';
import type { Cue } from '../cues/cue';
import type { Transcript } from '../model';
import { formatTimestamp } from '../timestamps';
import { VTT_CONTENT_TYPE, type CaptionFile, type WrittenCue } from './caption-file';
import { directedLine } from './line-direction';
import { escapeVttAnnotation, escapeVttText, vttNote } from './vtt-escape';

/**
 * WebVTT (W3C WebVTT 1): the `WEBVTT` line alone (the header carries nothing else), a NOTE with
 * the title, language and credit, then the cues. Every speech cue is a voice span with the
 * speaker's label (`<v Secretary Kerry>`, class `interpreted` on the interpretation); a sound
 * label has one only when it starts a turn. A file of several languages holds each language's
 * cues separately, each in a `<lang>` span, ordered by start time (then by the order asked for).
 */
export function toWebVtt(transcript: Transcript, cuesByLang: readonly (readonly [Lang, readonly Cue[]])[]): CaptionFile {
  const langs = cuesByLang.map(([lang]) => lang);
  const several = langs.length > 1;
  const written: WrittenCue[] = cuesByLang
    .flatMap(([lang, cues]) =>
      cues.map((cue) => ({
        id: several ? `${lang}-${cue.number}` : String(cue.number),
        lang,
        startMs: cue.startMs,
        endMs: cue.endMs,
        payload: several ? `<lang ${lang}>${cuePayload(cue)}</lang>` : cuePayload(cue),
      })),
    )
    .sort((a, b) => a.startMs - b.startMs || langs.indexOf(a.lang) - langs.indexOf(b.lang));
  // Language names in English, as the rest of the NOTE is written ("ar (Arabic)").
  const named = (l: Lang) => `${l} (${languageName(l, 'en')})`;
  const note = vttNote([
    titleIn(transcript, langs[0]),
    several
      ? `Languages: ${langs.map(named).join(', ')}; each cue is in one language, marked with a <lang> span.`
      : `Language: ${named(langs[0])}`,
    transcript.meta.attribution,
  ]);
  const blocks = written.map((c) => `${c.id}\n${formatTimestamp(c.startMs)} --> ${formatTimestamp(c.endMs)}\n${c.payload}`);
  const body = ['WEBVTT', note, ...blocks].join('\n\n') + '\n';
  return { body, fileName: `${transcript.id}.${langs.join('-')}.vtt`, contentType: VTT_CONTENT_TYPE, cues: written };
}

/** The cue text: lines joined by line breaks, escaped, each directed (line-direction.ts), in the speaker's voice span. */
export function cuePayload(cue: Cue): string {
  const text = cue.lines.map((line) => escapeVttText(directedLine(line, cue.lang))).join('\n');
  if (cue.kind === 'sound' && cue.turnLabel === undefined) return text;
  const voice = `<v${cue.interpreted ? '.interpreted' : ''} ${escapeVttAnnotation(cue.voice)}>`;
  return `${voice}${text}</v>`;
}

function titleIn(transcript: Transcript, lang: Lang): string {
  return transcript.meta.titles?.[lang] ?? transcript.meta.title;
}
