import {
  CHAIN_GAP_BELOW_MS,
  KEEP_PAUSE_FROM_MS,
  languageStyle,
  MAX_CUE_MS,
  MAX_TAIL_MS,
  MIN_CUE_MS,
  MIN_GAP_MS,
  MIN_MS_PER_WORD,
  MIN_SOUND_LABEL_MS,
  type Lang,
} from '../caption-style';
import type { TimeSpan } from './cue';

/** What timing needs to know of a cue: its speech and how much it asks of the reader. */
export interface TimingInput {
  readonly speech: TimeSpan;
  readonly chars: number;
  readonly words: number;
  readonly sound: boolean;
}

/**
 * Display times for one language's cues, in order (CAPTION-STYLE.md, "Limits per cue"):
 *
 * - a cue starts with its speech, never before;
 * - a gap under 0.5 s to the next cue is closed to the 83 ms minimum (chaining);
 * - otherwise the cue stays up until its speech ends, longer (by at most 0.5 s) when it needs the
 *   time for the minimum duration, 0.3 s a word, a sound label's 1 s or the aim reading speed,
 *   never into the 0.5 s before the next cue nor into a real pause of 1 s or more;
 * - no cue stays up longer than 7 s.
 *
 * The reading speeds are the language's (`languageStyle`): `chars` counts as its guide counts.
 */
export function timeCues(inputs: readonly TimingInput[], lang: Lang = 'en'): TimeSpan[] {
  const { aimReadingCps, maxReadingCps } = languageStyle(lang);
  return inputs.map((cue, i) => {
    const start = cue.speech.startMs;
    const next = inputs[i + 1]?.speech.startMs;
    const speechEnd = cue.speech.endMs;
    const longest = start + MAX_CUE_MS;
    const pause = next === undefined ? Infinity : next - speechEnd;
    if (next !== undefined && pause < CHAIN_GAP_BELOW_MS) {
      return { startMs: start, endMs: Math.min(next - MIN_GAP_MS, longest) };
    }
    const latest = Math.min(
      speechEnd + MAX_TAIL_MS,
      longest,
      next === undefined ? Infinity : next - (pause >= KEEP_PAUSE_FROM_MS ? KEEP_PAUSE_FROM_MS : CHAIN_GAP_BELOW_MS),
    );
    const wanted = start + Math.max(minimumShowMs(cue), Math.ceil((cue.chars * 1000) / aimReadingCps));
    let end = Math.max(Math.min(speechEnd, longest), Math.min(wanted, latest));
    // The hard minimum is not met within the pause, but the next cue is close enough to chain to.
    const hardNeed = Math.max(minimumShowMs(cue), Math.ceil((cue.chars * 1000) / maxReadingCps));
    if (end - start < hardNeed && next !== undefined && pause < KEEP_PAUSE_FROM_MS && next - MIN_GAP_MS <= speechEnd + MAX_TAIL_MS) {
      end = next - MIN_GAP_MS;
    }
    return { startMs: start, endMs: end };
  });
}

/** The shortest time a cue may stay up, whatever its speech: Netflix 5/6 s, BBC 0.3 s a word, a sound label 1 s. */
export function minimumShowMs(cue: Pick<TimingInput, 'words' | 'sound'>): number {
  return Math.max(MIN_CUE_MS, cue.words * MIN_MS_PER_WORD, cue.sound ? MIN_SOUND_LABEL_MS : 0);
}
