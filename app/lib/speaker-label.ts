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
  const floor = roomLanguages[0];
  const own = speaker?.label[lang];
  if (own) return { text: own, lang };
  const onFloor = floor === undefined ? undefined : speaker?.label[floor];
  return onFloor ? { text: onFloor, lang: floor } : { text: fallbackId, lang: undefined };
}
