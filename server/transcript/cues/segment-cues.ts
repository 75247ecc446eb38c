import { TURN_MARK, type Lang } from '../caption-style';
import type { Segment, Speaker, Transcript } from '../model';
import type { Cue, TimeSpan } from './cue';
import { timeCues } from './cue-timing';
import { splitSentence } from './split-sentence';
import { displayLength, joinerOf, tokenWordCount } from './text-units';

/** `>> KERRY:` (`>> КЕРРИ:`): how a text-only format marks the start of a turn. */
export function turnLabelOf(speaker: Speaker | undefined, lang: Lang): string {
  const short = speaker?.short[lang] ?? speaker?.short.en ?? speaker?.label[lang] ?? speaker?.label.en ?? speaker?.id ?? 'SPEAKER';
  return `${TURN_MARK} ${short}:`;
}

export function voiceOf(speaker: Speaker | undefined, lang: Lang): string {
  return speaker?.label[lang] ?? speaker?.label.en ?? Object.values(speaker?.label ?? {})[0] ?? speaker?.id ?? 'Speaker';
}

interface Draft {
  readonly cue: Omit<Cue, 'number' | 'startMs' | 'endMs'>;
  readonly speech: TimeSpan;
}

/**
 * How a cue format marks a turn: `text` puts `>> KERRY:` at the start of the first line (SRT), so
 * the line must leave room for it; `voice` says who speaks outside the text (a WebVTT voice span).
 */
export type TurnMarking = 'text' | 'voice';

/**
 * The segmenter: one language's timed text → pop-on cues in house style (CAPTION-STYLE.md).
 * Each segment (a sentence, or a sound event) is split into cues that fit two lines, at clause
 * and phrase boundaries, its time shared out by characters; a new turn starts a new cue that
 * carries the speaker's label; then `timeCues` sets display times.
 */
export function segmentCues(transcript: Transcript, lang: Lang, marking: TurnMarking): Cue[] {
  const speakers = new Map(transcript.speakers.map((s) => [s.id, s]));
  const shown = transcript.segments
    .filter((s) => s.text[lang] !== undefined && s.timing[lang] !== undefined)
    .sort((a, b) => a.timing[lang]!.startMs - b.timing[lang]!.startMs || a.index - b.index);

  const drafts: Draft[] = [];
  let previousTurn: number | undefined;
  for (const segment of shown) {
    const speaker = speakers.get(segment.speakerId);
    const turnLabel = segment.turn === previousTurn ? undefined : marking === 'text' ? turnLabelOf(speaker, lang) : '';
    previousTurn = segment.turn;
    for (const draft of cuesOfSegment(segment, lang, speaker, turnLabel)) drafts.push(draft);
  }

  const times = timeCues(
    drafts.map(({ cue, speech }) => ({
      speech,
      chars: displayLength(cue.lines.join(joinerOf(lang)), lang),
      words: tokenWordCount(cue.lines.join(joinerOf(lang)), lang),
      sound: cue.kind === 'sound',
    })),
    lang,
  );
  return drafts.map(({ cue }, i) => ({ ...cue, number: i + 1, ...times[i] }));
}

function cuesOfSegment(segment: Segment, lang: Lang, speaker: Speaker | undefined, turnLabel: string | undefined): Draft[] {
  const text = segment.text[lang]!;
  const span = segment.timing[lang]!;
  const base = {
    lang,
    kind: segment.kind,
    speakerId: segment.speakerId,
    voice: voiceOf(speaker, lang),
    segmentId: segment.id,
    interpreted: segment.kind === 'speech' && segment.sourceLang !== lang,
  } as const;
  const reserve = turnLabel ? displayLength(`${turnLabel} `, lang) : 0;
  const label = turnLabel !== undefined ? { turnLabel } : {};
  if (segment.kind === 'sound') {
    return [{ cue: { ...base, ...label, lines: [text], speech: span }, speech: span }];
  }
  const spanMs = span.endMs - span.startMs;
  const chunks = splitSentence(text, lang, { spanMs, reserve });
  return chunks.map((chunk, k) => {
    const speech = {
      startMs: span.startMs + Math.round(spanMs * chunk.from),
      endMs: k === chunks.length - 1 ? span.endMs : span.startMs + Math.round(spanMs * chunk.to),
    };
    return {
      cue: { ...base, ...(k === 0 ? label : {}), lines: chunk.layout.lines, speech },
      speech,
    };
  });
}
