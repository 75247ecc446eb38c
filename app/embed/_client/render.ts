import type { Lang, SpeakerInfo } from '../../../server/protocol';
import type { RollingTurn } from '../../lib/rolling-lines';
import { firstWords } from '../../lib/word-reveal';
import { interpretedMark } from './embed-text';

/** Builds a lane's rows with DOM calls and textContent only: caption text can never become markup. */
export function renderLane(
  box: HTMLElement,
  lang: Lang,
  turns: readonly RollingTurn[],
  speakers: ReadonlyMap<string, SpeakerInfo>,
  labels: boolean,
): void {
  const rows = turns.map((turn) => {
    const speaker = speakers.get(turn.speakerId);
    const p = document.createElement('p');
    p.className = 'l';
    p.style.color = `var(--s${(speaker?.colour ?? 0) % 8})`;
    const label = document.createElement('b');
    const name = speaker?.label[lang] ?? speaker?.label.en ?? turn.speakerId;
    label.textContent = labels ? `>> ${name}${turn.interpreted ? ` (${interpretedMark(lang)})` : ''}: ` : '>> ';
    p.append(label, turn.parts.map((part) => (part.complete ? part.text : firstWords(part.text, part.words))).join(' '));
    return p;
  });
  box.replaceChildren(...rows);
}
