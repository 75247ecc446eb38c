import type { Lang } from '../caption-style';
import type { DraftSpeaker } from '../draft';
import type { ImportProblem } from './problems';
import type { SpeakerDirectory } from './speaker-directory';
import { nameOfLabel, speakerIdOfLabel, titleCaseLabel } from './speaker-label';

/** The speaker of captions that never name one (CAPTION-STYLE.md: no label at all → one unknown speaker). */
export const UNKNOWN_SPEAKER: DraftSpeaker = {
  id: 'speaker',
  label: { en: 'Speaker', ru: 'Выступающий' },
  short: { en: 'SPEAKER', ru: 'ВЫСТУПАЮЩИЙ' },
};

/**
 * Turns the names captions give speakers (`<v Secretary Kerry>`, `>> KERRY:`, `MR KIRBY:`) into
 * speaker ids: the directory's entry whose id, label or short name matches, else a new speaker
 * named as the captions name them — or, when the directory is required, a problem.
 */
export class SpeakerResolver {
  private readonly found = new Map<string, DraftSpeaker>();

  constructor(
    private readonly lang: Lang,
    private readonly directory: SpeakerDirectory = {},
    private readonly required = false,
  ) {}

  resolve(name: string, file: string, line: number, problems: ImportProblem[]): string {
    const wanted = name.trim().toLowerCase();
    const known = Object.entries(this.directory).find(
      ([id, entry]) =>
        id === wanted ||
        Object.values(entry.label ?? {}).some((l) => l?.toLowerCase() === wanted) ||
        Object.values(entry.short ?? {}).some((s) => s?.toLowerCase() === wanted),
    );
    if (known) {
      const [id, entry] = known;
      if (!this.found.has(id)) {
        this.found.set(id, { id, label: { [this.lang]: name, ...entry.label }, short: { ...entry.short }, ...(entry.role ? { role: entry.role } : {}) });
      }
      return id;
    }
    if (this.required) {
      const names = Object.values(this.directory).flatMap((e) => Object.values(e.label ?? {}).slice(0, 1));
      problems.push({ code: 'unknown-speaker', file, line, message: `"${name}" is not in the speaker directory (${names.join(', ')})` });
    }
    const shouting = name === name.toUpperCase();
    const id = speakerIdOfLabel(name.toUpperCase()) || `speaker-${this.found.size + 1}`;
    const existing = this.found.get(id);
    if (existing) return id;
    this.found.set(id, {
      id,
      label: { [this.lang]: shouting ? titleCaseLabel(name) : name },
      short: { [this.lang]: nameOfLabel(name.toUpperCase()) },
    });
    return id;
  }

  /** The unknown speaker, labelled in this file's language only: a one-language file gets no other (English when there is no word for it). */
  unknown(): string {
    if (!this.found.has(UNKNOWN_SPEAKER.id)) {
      const label = UNKNOWN_SPEAKER.label[this.lang] ?? UNKNOWN_SPEAKER.label.en!;
      const short = UNKNOWN_SPEAKER.short[this.lang] ?? UNKNOWN_SPEAKER.short.en!;
      this.found.set(UNKNOWN_SPEAKER.id, { id: UNKNOWN_SPEAKER.id, label: { [this.lang]: label }, short: { [this.lang]: short } });
    }
    return UNKNOWN_SPEAKER.id;
  }

  speaker(id: string): DraftSpeaker | undefined {
    return this.found.get(id);
  }

  speakers(): DraftSpeaker[] {
    return [...this.found.values()];
  }
}
