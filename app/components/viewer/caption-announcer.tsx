'use client';
import { useEffect, useRef, useState } from 'react';
import { textDirection } from '../../../server/language-tags';
import type { Lang, PlaybackStatus, SegmentMessage, SpeakerInfo } from '../../../server/protocol';
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

/**
 * The presenter's pause, said in the caption area itself: a visible message while the room is
 * paused, and a polite announcement when it pauses and when it resumes (a viewer who opens a
 * paused room sees the message; nothing is announced until something changes).
 */
export function PauseNotice({ status, text }: { status: PlaybackStatus; text: { pausedNotice: string; resumedNotice: string } }) {
  const [said, setSaid] = useState('');
  const previous = useRef(status);
  useEffect(() => {
    const was = previous.current;
    if (was === status) return;
    previous.current = status;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- announce each change of the presenter's playback once
    if (status === 'paused') setSaid(text.pausedNotice);
    else if (was === 'paused' && status === 'playing') setSaid(text.resumedNotice);
  }, [status, text]);
  return (
    <>
      {status === 'paused' ? (
        <p className="col-span-full rounded-lg border-2 border-[var(--page-fg)] bg-[var(--panel-bg)] px-4 py-3 text-center text-lg font-semibold" data-testid="pause-notice">
          {/* Drawn, not a character: caption fonts have no pause sign. */}
          <svg aria-hidden="true" viewBox="0 0 16 16" className="me-2 inline-block h-[1em] w-[1em] align-[-0.125em]" fill="currentColor">
            <rect x="3" y="2" width="3.5" height="12" rx="1" />
            <rect x="9.5" y="2" width="3.5" height="12" rx="1" />
          </svg>
          {text.pausedNotice}
        </p>
      ) : null}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="pause-announcer">
        {said}
      </div>
    </>
  );
}
