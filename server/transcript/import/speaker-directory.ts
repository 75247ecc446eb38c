import type { Lang } from '../caption-style';
import type { DraftSpeaker } from '../draft';

/**
 * What a transcript's sidecar file knows about its speakers that the text does not say: the name
 * as the audience knows it, the role on first appearance, the Russian forms.
 */
export type SpeakerDirectory = Readonly<
  Record<string, { label?: Partial<Record<Lang, string>>; short?: Partial<Record<Lang, string>>; role?: DraftSpeaker['role'] }>
>;

export function applySpeakerDirectory(speakers: readonly DraftSpeaker[], directory: SpeakerDirectory): DraftSpeaker[] {
  return speakers.map((speaker) => {
    const entry = directory[speaker.id];
    if (!entry) return speaker;
    return {
      ...speaker,
      label: { ...speaker.label, ...entry.label },
      short: { ...speaker.short, ...entry.short },
      role: entry.role ?? speaker.role,
    };
  });
}
