import type { Lang, SpeakerInfo } from '../../server/protocol';
import type { RollingTurn } from '../lib/rolling-lines';
import { firstWords } from '../lib/word-reveal';

const LANE_NAMES: Record<Lang, string> = { en: 'English', ru: 'Русский' };
const INTERPRETED: Record<Lang, string> = { en: 'interpreted', ru: 'перевод' };

/**
 * One language's roll-up: a fixed number of rows, the newest at the bottom, older rows scrolling
 * off the top. Each turn starts a new row with `>>` and the speaker's label in the speaker's colour.
 */
export function CaptionLane({
  lang,
  turns,
  speakers,
  rows,
}: {
  lang: Lang;
  turns: readonly RollingTurn[];
  speakers: ReadonlyMap<string, SpeakerInfo>;
  rows: number;
}) {
  // A long turn scrolls its label off the top; the lane's header keeps saying who is speaking.
  const current = turns.at(-1);
  const currentSpeaker = current ? speakers.get(current.speakerId) : undefined;
  return (
    <section aria-label={`${LANE_NAMES[lang]} captions`} className="flex flex-col gap-1" lang={lang}>
      <h2 className="flex flex-wrap items-baseline gap-x-3 text-sm">
        <span className="text-xs font-semibold uppercase tracking-wider text-neutral-300">{LANE_NAMES[lang]}</span>
        {current && currentSpeaker ? (
          <span className="font-semibold" style={{ color: `var(--speaker-${currentSpeaker.colour % 8})` }} data-testid="now-speaking">
            {currentSpeaker.label[lang] ?? currentSpeaker.label.en}
            {current.interpreted ? <span className="font-normal"> ({INTERPRETED[lang]})</span> : null}
          </span>
        ) : null}
      </h2>
      <div className="caption-box rounded-lg bg-black/85 px-4 py-2" data-testid={`lane-${lang}`}>
        <div
          className="flex flex-col justify-end overflow-hidden"
          style={{ height: `calc(${rows} * var(--caption-line-height))` }}
        >
        {turns.map((turn) => {
          const speaker = speakers.get(turn.speakerId);
          const colour = `var(--speaker-${(speaker?.colour ?? 0) % 8})`;
          const label = speaker?.label[lang] ?? speaker?.label.en ?? turn.speakerId;
          return (
            <p key={turn.key} className="caption-line" style={{ color: colour }} data-testid="caption-turn">
              <span className="font-bold" data-testid="speaker-label">
                <span aria-hidden="true">&gt;&gt; </span>
                {label}
                {turn.interpreted ? <span className="font-normal opacity-90"> ({INTERPRETED[lang]})</span> : null}:
              </span>{' '}
              {turn.parts.map((part) => (
                <span key={part.key} data-kind={part.kind}>
                  {part.complete ? part.text : firstWords(part.text, part.words)}{' '}
                </span>
              ))}
            </p>
          );
        })}
        </div>
      </div>
    </section>
  );
}
