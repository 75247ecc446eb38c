import { numberRuns } from '../../lib/bidi-runs';
import type { RollingPart } from '../../lib/rolling-lines';
import { firstWords } from '../../lib/word-reveal';

/**
 * Caption text with what bidi could scramble isolated: a sound label (`[laughter]`, `[ضحك]`) whole,
 * taking its direction from its own letters; in speech, each number, so a right-to-left line cannot
 * pull a sign, bracket or neighbouring figure into it.
 */
export function IsolatedText({ text, sound }: { text: string; sound: boolean }) {
  if (sound) return <bdi>{text}</bdi>;
  return <>{numberRuns(text).map((run, i) => (i % 2 === 1 ? <bdi key={i}>{run}</bdi> : run))}</>;
}

/** One part of a caption line, as far as it has been spoken. */
export function CaptionText({ part }: { part: RollingPart }) {
  return (
    <span data-kind={part.kind} data-segment={part.key}>
      <IsolatedText text={part.complete ? part.text : firstWords(part.text, part.words)} sound={part.kind === 'sound'} />{' '}
    </span>
  );
}
