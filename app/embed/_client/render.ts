import type { Lang, SpeakerInfo } from '../../../server/protocol';
import { numberRuns } from '../../lib/bidi-runs';
import type { RollingTurn } from '../../lib/rolling-lines';
import { speakerLabel } from '../../lib/speaker-label';
import { firstWords } from '../../lib/word-reveal';
import { interpretedMark } from './embed-text';

/** Text in an isolate (`<bdi>`), in `lang` when given (a label's own language). */
function isolate(text: string, lang?: Lang): HTMLElement {
  const bdi = document.createElement('bdi');
  if (lang) bdi.lang = lang;
  bdi.textContent = text;
  return bdi;
}

/**
 * Builds a lane's rows and its now-speaking heading (the element before `box`) with DOM calls and textContent only: caption text can never become markup.
 * Each row runs in the lane's direction, with `>>`, the label, sound labels and numbers isolated,
 * as the viewer does (app/components/viewer/caption-lane.tsx) and the server's first paint (route.ts).
 */
export function renderLane(
  box: HTMLElement,
  lang: Lang,
  turns: readonly RollingTurn[],
  speakers: ReadonlyMap<string, SpeakerInfo>,
  roomLanguages: readonly Lang[],
  labels: boolean,
  dir: string,
): void {
  // The newest turn's label and colour, for the heading.
  let now: HTMLElement | string = '';
  let colour = '';
  const rows = turns.map((turn) => {
    const speaker = speakers.get(turn.speakerId);
    const p = document.createElement('p');
    p.className = 'l';
    p.lang = lang;
    p.dir = dir;
    p.style.color = colour = `var(--s${(speaker?.colour ?? 0) % 8})`;
    const b = document.createElement('b');
    const mark = isolate('>>');
    mark.dir = dir;
    b.append(mark, ' ');
    if (labels) {
      const name = speakerLabel(speaker, lang, roomLanguages, turn.speakerId);
      now = isolate(name.text, name.lang);
      b.append(now, `${turn.interpreted ? ` (${interpretedMark(lang)})` : ''}: `);
      now = now.cloneNode(true) as HTMLElement;
    }
    p.append(b);
    turn.parts.forEach((part, i) => {
      const shown = part.complete ? part.text : firstWords(part.text, part.words);
      // A sound label is one isolate; speech alternates text and numbers (numberRuns).
      p.append(i ? ' ' : '', ...(part.kind === 'sound' ? ['', shown] : numberRuns(shown)).map((run, n) => (n % 2 ? isolate(run) : run)));
    });
    return p;
  });
  box.replaceChildren(...rows);
  // The lane's heading names who is speaking, so a long turn whose label has scrolled off still says so.
  const heading = box.previousElementSibling as HTMLElement;
  heading.replaceChildren(now);
  heading.style.color = colour;
}
