'use client';
import { useEffect, useMemo, useState } from 'react';
import { positionAt } from '../../server/replay/clock';
import type { RoomSnapshot, SpeakerInfo } from '../../server/protocol';
import { clientNow } from '../lib/clock-sync';
import { rollingTurns } from '../lib/rolling-lines';
import { useRoomCaptions } from '../lib/use-room-captions';
import { CaptionLane } from './caption-lane';
import { ConnectionBadge } from './connection-badge';

/** Rows per lane in the roll-up (CEA-608 roll-up shows 2 to 4; 3 by default). */
const DEFAULT_ROWS = 3;

export function CaptionViewer({ code, initial }: { code: string; initial: RoomSnapshot }) {
  const { state, offsetMs } = useRoomCaptions(code, initial);
  // The first render uses the snapshot's own time, so the server's HTML and hydration agree.
  const [positionMs, setPositionMs] = useState(() => positionAt(initial.clock, initial.serverNowMs));
  const clock = state.clock ?? initial.clock;

  useEffect(() => {
    let frame = 0;
    const paint = () => {
      setPositionMs(positionAt(clock, clientNow() + offsetMs));
      frame = requestAnimationFrame(paint);
    };
    frame = requestAnimationFrame(paint);
    return () => cancelAnimationFrame(frame);
  }, [clock, offsetMs]);

  const room = state.room ?? initial.room;
  const speakers = useMemo(() => new Map<string, SpeakerInfo>(room.speakers.map((s) => [s.id, s])), [room.speakers]);
  const lanes = room.languages.map((lang) => ({ lang, turns: rollingTurns(state.segments, lang, positionMs) }));

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-lg font-semibold text-white">{room.title}</h1>
        <div className="flex items-center gap-3 text-sm text-neutral-200">
          <span>
            Room <span className="font-mono font-bold tracking-widest">{room.code}</span>
          </span>
          <ConnectionBadge connection={state.connection} playback={clock.status} />
        </div>
      </div>
      <div className="flex flex-col gap-4" aria-live="off">
        {lanes.map(({ lang, turns }) => (
          <CaptionLane key={lang} lang={lang} turns={turns} speakers={speakers} rows={DEFAULT_ROWS} />
        ))}
      </div>
      <p className="text-xs text-neutral-300">{room.attribution}</p>
    </div>
  );
}
