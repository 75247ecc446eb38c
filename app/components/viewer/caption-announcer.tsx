'use client';
import { useEffect, useState } from 'react';
import { textDirection } from '../../../server/language-tags';
import type { Lang, SegmentMessage, SpeakerInfo } from '../../../server/protocol';
import { speakerLabel } from '../../lib/speaker-label';
import { latestFinished } from '../../lib/viewer-at';

/**
 * Tells screen readers each finished sentence of the leading language, once, politely: never
 * word by word, so the captions do not flood the reader.
 */
export function CaptionAnnouncer({
  segments,
  lang,
  roomLanguages,
  positionMs,
  speakers,
}: {
  segments: readonly SegmentMessage[];
  lang: Lang;
  roomLanguages: readonly Lang[];
  positionMs: number;
  speakers: ReadonlyMap<string, SpeakerInfo>;
}) {
  const [announced, setAnnounced] = useState<{ key: string; text: string }>({ key: '', text: '' });
  const latest = latestFinished(segments, lang, positionMs);
  const key = latest ? `${latest.epoch}-${latest.segment.index}` : '';
  useEffect(() => {
    if (!latest || key === announced.key) return;
    const speaker = speakers.get(latest.segment.speakerId);
    const previous = segments.find((m) => m.segment.index === latest.segment.index - 1);
    const newTurn = !previous || previous.segment.turn !== latest.segment.turn;
    const label = newTurn && speaker ? `${speakerLabel(speaker, lang, roomLanguages, speaker.id).text}: ` : '';
    // eslint-disable-next-line react-hooks/set-state-in-effect -- announce once per finished sentence
    setAnnounced({ key, text: `${label}${latest.segment.text[lang]}` });
  }, [key, latest, announced.key, speakers, segments, lang, roomLanguages]);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" lang={lang} dir={textDirection(lang)} data-testid="announcer">
      {announced.text}
    </div>
  );
}
