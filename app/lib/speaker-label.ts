import type { Lang, SpeakerInfo } from '../../server/protocol';

/** A speaker's label as one lane shows it, and the language it is written in. */
export interface LaneLabel {
  readonly text: string;
  /** The label's language: the lane's own, or the fallback's, so screen readers pronounce it right. */
  readonly lang: Lang | undefined;
}

/**
 * The speaker's label in `lang`; for a speaker with none there, the label in the room's first
 * language (the floor language, the one a transcript names every speaker in); else the speaker's id.
 */
export function speakerLabel(speaker: SpeakerInfo | undefined, lang: Lang, roomLanguages: readonly Lang[], fallbackId: string): LaneLabel {
  for (const tried of [lang, roomLanguages[0]]) {
    const text = tried && speaker?.label[tried];
    if (text) return { text, lang: tried };
  }
  return { text: fallbackId, lang: undefined };
}
