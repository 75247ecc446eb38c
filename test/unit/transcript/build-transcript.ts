import type { Lang } from '../../../server/transcript/caption-style';
import { compileTranscript } from '../../../server/transcript/compile';
import type { DraftSegment, DraftSpeaker } from '../../../server/transcript/draft';
import type { Transcript } from '../../../server/transcript/model';
import type { SoundEvent } from '../../../server/transcript/sound-events';

/** One timed line of a made-up transcript: who, what, when (ms), in which language. */
export type Line =
  | { speaker: string; text: string; start: number; end: number; lang?: Lang }
  | { speaker: string; sound: SoundEvent; start: number; end: number };

const SPEAKERS: Record<string, DraftSpeaker> = {
  kerry: { id: 'kerry', label: { en: 'Secretary Kerry', ru: 'Госсекретарь Керри' }, short: { en: 'KERRY', ru: 'КЕРРИ' } },
  lavrov: { id: 'lavrov', label: { en: 'Foreign Minister Lavrov', ru: 'Министр иностранных дел Лавров' }, short: { en: 'LAVROV', ru: 'ЛАВРОВ' } },
};

/** A compiled, timed, one-language transcript: what the segmenter and `check` work on. */
export function timedTranscript(lines: readonly Line[], lang: Lang = 'en'): Transcript {
  let turn = -1;
  let previous: string | undefined;
  const segments: DraftSegment[] = lines.map((line, i) => {
    if (line.speaker !== previous) turn++;
    previous = line.speaker;
    const base = { turn, speakerId: line.speaker, sourceLang: lang, line: i + 1, startMs: line.start, endMs: line.end };
    return 'sound' in line ? { kind: 'sound', ...base, sound: line.sound } : { kind: 'speech', ...base, text: { [lang]: line.text } };
  });
  return compileTranscript({
    id: 'made-up',
    meta: { title: 'Made up', sourceFile: 'made-up.srt', attribution: 'test', notes: [] },
    languages: [lang],
    speakers: [...new Set(lines.map((l) => l.speaker))].map((id) => SPEAKERS[id] ?? { id, label: { en: id }, short: { en: id.toUpperCase() } }),
    segments,
  });
}
