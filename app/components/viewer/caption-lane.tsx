import type { Lang, SpeakerInfo } from '../../../server/protocol';
import type { ViewerText } from '../../lib/i18n/viewer';
import type { RollingTurn } from '../../lib/rolling-lines';
import { firstWords } from '../../lib/word-reveal';
import { interpretedMark } from '../../embed/_client/embed-text';

/** Caption labels are in the caption's language, whatever the interface language. */

/**
 * One language's roll-up: a fixed number of rows, the newest at the bottom, older rows scrolling
 * off the top. Each turn starts a new row with `>>` and the speaker's label in the speaker's colour.
 */
export function CaptionLane({
  lang,
  turns,
  speakers,
  rows,
  labels,
  text,
  lagMs,
}: {
  lang: Lang;
  turns: readonly RollingTurn[];
  speakers: ReadonlyMap<string, SpeakerInfo>;
  rows: number;
  labels: boolean;
  text: ViewerText;
  /** How far this lane's current text trails its source, when it is an interpretation. */
  lagMs?: number;
}) {
  // A long turn scrolls its label off the top; the lane's header keeps saying who is speaking.
  const current = turns.at(-1);
  const currentSpeaker = current ? speakers.get(current.speakerId) : undefined;
  const laneName = lang === 'en' ? text.laneName_en : text.laneName_ru;
  return (
    <section aria-label={`${laneName} ${text.captions}`} className="flex min-w-0 flex-col gap-1" lang={lang} data-testid={`lane-${lang}`}>
      <h2 className="flex flex-wrap items-baseline gap-x-3 text-sm" lang={undefined}>
        <span className="text-xs font-semibold uppercase tracking-wider text-[var(--muted-fg)]">{laneName}</span>
        {current && currentSpeaker && labels ? (
          <span className="font-semibold" lang={lang} style={{ color: `var(--speaker-${currentSpeaker.colour % 8})` }} data-testid="now-speaking">
            {currentSpeaker.label[lang] ?? currentSpeaker.label.en}
            {current.interpreted ? <span className="font-normal"> ({interpretedMark(lang)})</span> : null}
          </span>
        ) : null}
        {current?.interpreted && lagMs !== undefined ? (
          <span className="text-xs text-[var(--muted-fg)]" data-testid="lag">
            {text.lagBehind.replace('{s}', (lagMs / 1000).toLocaleString(lang === 'ru' ? 'ru' : 'en', { maximumFractionDigits: 1 }))}
          </span>
        ) : null}
      </h2>
      <div className="caption-box rounded-lg px-4 py-2">
        <div className="flex flex-col justify-end overflow-hidden" style={{ height: `calc(${rows} * var(--caption-line-height))` }}>
          {turns.map((turn) => {
            const speaker = speakers.get(turn.speakerId);
            const colour = `var(--speaker-${(speaker?.colour ?? 0) % 8})`;
            const label = speaker?.label[lang] ?? speaker?.label.en ?? turn.speakerId;
            return (
              <p key={turn.key} className="caption-line" style={{ color: colour }} data-testid="caption-turn">
                {labels ? (
                  <span className="font-bold" data-testid="speaker-label">
                    <span aria-hidden="true">&gt;&gt; </span>
                    {label}
                    {turn.interpreted ? <span className="font-normal"> ({interpretedMark(lang)})</span> : null}:{' '}
                  </span>
                ) : (
                  <span aria-hidden="true">&gt;&gt; </span>
                )}
                {turn.parts.map((part) => (
                  <span key={part.key} data-kind={part.kind} data-segment={part.key}>
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
