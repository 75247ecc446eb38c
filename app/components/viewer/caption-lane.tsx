import { languageName, textDirection } from '../../../server/language-tags';
import type { Lang, SpeakerInfo } from '../../../server/protocol';
import type { ViewerText } from '../../lib/i18n/viewer';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { stageLines, type RollingTurn } from '../../lib/rolling-lines';
import { speakerLabel } from '../../lib/speaker-label';
import { interpretedMark } from '../../embed/_client/embed-text';
import { CaptionText, IsolatedText } from './caption-text';
import { stageBoxWidth } from './stage-view';

/**
 * One language's roll-up: a fixed number of rows, the newest at the bottom, older rows scrolling
 * off the top. Each turn starts a new row with `>>` and the speaker's label in the speaker's colour.
 * Caption labels are in the caption's language, whatever the interface language; the lane, each
 * line and the label run in the lane's direction, so an Arabic lane starts at the right.
 */
export function CaptionLane({
  lang,
  roomLanguages,
  uiLang,
  turns,
  speakers,
  rows,
  labels,
  text,
  lagMs,
}: {
  lang: Lang;
  /** The room's languages in its order: the first names a speaker the lane has no label for. */
  roomLanguages: readonly Lang[];
  uiLang: UiLang;
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
  const currentLabel = current ? speakerLabel(currentSpeaker, lang, roomLanguages, current.speakerId) : undefined;
  const laneName = languageName(lang, uiLang);
  const dir = textDirection(lang);
  const uiDir = textDirection(uiLang);
  return (
    <section aria-label={`${laneName} ${text.captions}`} className="flex min-w-0 flex-col gap-1" lang={lang} dir={dir} data-testid={`lane-${lang}`}>
      <h2 className="flex flex-wrap items-baseline gap-x-3 text-sm">
        <span className="text-xs font-semibold uppercase tracking-wider text-[var(--muted-fg)]" lang={uiLang} dir={uiDir}>
          {laneName}
        </span>
        {current && currentSpeaker && currentLabel && labels ? (
          <span className="font-semibold" style={{ color: `var(--speaker-${currentSpeaker.colour % 8})` }} data-testid="now-speaking">
            <bdi lang={currentLabel.lang}>{currentLabel.text}</bdi>
            {current.interpreted ? <span className="font-normal"> ({interpretedMark(lang)})</span> : null}
          </span>
        ) : null}
        {current?.interpreted && lagMs !== undefined ? (
          <span className="text-xs text-[var(--muted-fg)]" lang={uiLang} dir={uiDir} data-testid="lag">
            {text.lagBehind.replace('{s}', (lagMs / 1000).toLocaleString(uiLang, { maximumFractionDigits: 1 }))}
          </span>
        ) : null}
      </h2>
      <div className="caption-box rounded-lg px-4 py-2">
        <div className="flex flex-col justify-end overflow-hidden" style={{ height: `calc(${rows} * var(--caption-line-height))` }}>
          {turns.map((turn) => {
            const speaker = speakers.get(turn.speakerId);
            const colour = `var(--speaker-${(speaker?.colour ?? 0) % 8})`;
            const label = speakerLabel(speaker, lang, roomLanguages, turn.speakerId);
            return (
              <p key={turn.key} className="caption-line text-start" lang={lang} dir={dir} style={{ color: colour }} data-testid="caption-turn">
                <span aria-hidden="true" dir={dir}>
                  &gt;&gt;
                </span>{' '}
                {labels ? (
                  <span className="font-bold" data-testid="speaker-label">
                    <bdi lang={label.lang === lang ? undefined : label.lang}>{label.text}</bdi>
                    {turn.interpreted ? <span className="font-normal"> ({interpretedMark(lang)})</span> : null}:{' '}
                  </span>
                ) : null}
                {turn.parts.map((part) => (
                  <CaptionText key={part.key} part={part} />
                ))}
              </p>
            );
          })}
        </div>
      </div>
    </section>
  );
}

/**
 * One language on the stage face: lines cut at the language's characters per line (stageLines),
 * the newest `rows` of them in a box as wide as its longest (at most a full line), and above it, at caption size, who is
 * speaking whenever the current turn's own label has scrolled off (the row's space is kept, so
 * lanes never jump).
 */
export function StageLane({
  lang,
  roomLanguages,
  uiLang,
  turns,
  speakers,
  rows,
  labels,
  text,
  maxChars,
}: {
  lang: Lang;
  roomLanguages: readonly Lang[];
  uiLang: UiLang;
  turns: readonly RollingTurn[];
  speakers: ReadonlyMap<string, SpeakerInfo>;
  rows: number;
  labels: boolean;
  text: ViewerText;
  maxChars: number;
}) {
  const dir = textDirection(lang);
  const labelOf = (turn: RollingTurn) => speakerLabel(speakers.get(turn.speakerId), lang, roomLanguages, turn.speakerId);
  const suffix = (turn: RollingTurn) => (turn.interpreted ? ` (${interpretedMark(lang)})` : '');
  const { lines, nowSpeaking } = stageLines(turns, maxChars, rows, (turn) => (labels ? `${labelOf(turn).text}${suffix(turn)}:` : undefined));
  const colourOf = (turn: RollingTurn) => `var(--speaker-${(speakers.get(turn.speakerId)?.colour ?? 0) % 8})`;
  const now = labels ? nowSpeaking : undefined;
  const nowLabel = now ? labelOf(now) : undefined;
  return (
    <section aria-label={`${languageName(lang, uiLang)} ${text.captions}`} className="stage-lane" lang={lang} dir={dir} data-testid={`lane-${lang}`} style={{ maxWidth: `min(100%, ${stageBoxWidth(lang)})` }}>
      <p className="stage-now caption-box" style={{ color: now ? colourOf(now) : undefined, visibility: now ? 'visible' : 'hidden' }} data-testid="now-speaking" aria-hidden={now ? undefined : true}>
        {now && nowLabel ? (
          <>
            <bdi lang={nowLabel.lang === lang ? undefined : nowLabel.lang}>{nowLabel.text}</bdi>
            {suffix(now)}
          </>
        ) : (
          '\u00a0'
        )}
      </p>
      <div className="caption-box stage-box" style={{ height: `calc(${rows} * var(--caption-line-height) + 0.4em)` }}>
        {lines.map((line) => (
          <p key={line.key} className="caption-line" lang={lang} dir={dir} style={{ color: colourOf(line.turn) }} data-testid="stage-line">
            {line.first ? (
              <span aria-hidden="true" dir={dir}>
                &gt;&gt;{' '}
              </span>
            ) : null}
            {line.pieces.map((piece, i) =>
              piece.kind === 'label' ? (
                <span key="label" className="font-bold" data-testid="speaker-label">
                  {i > 0 ? ' ' : null}
                  <bdi lang={labelOf(line.turn).lang === lang ? undefined : labelOf(line.turn).lang}>{piece.text}</bdi>
                </span>
              ) : (
                <span key={`${piece.key}-${i}`} data-kind={piece.kind} data-segment={piece.key}>
                  {i > 0 ? ' ' : null}
                  <IsolatedText text={piece.text} sound={piece.kind === 'sound'} />
                </span>
              ),
            )}
          </p>
        ))}
      </div>
    </section>
  );
}
