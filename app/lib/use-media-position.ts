'use client';
import { useEffect, useState } from 'react';
import type { ClockState } from '../../server/protocol';
import { positionAt } from '../../server/replay/clock';
import { clientNow } from './clock-sync';

/**
 * The room's media position, updated every animation frame while playing. Starts from the
 * server's render time so the server HTML and the first client render agree.
 */
export function useMediaPosition(clock: ClockState, offsetMs: number, renderedAtServerMs: number): number {
  const [position, setPosition] = useState(() => positionAt(clock, renderedAtServerMs));
  useEffect(() => {
    let frame = 0;
    const paint = () => {
      setPosition(positionAt(clock, clientNow() + offsetMs));
      if (clock.status === 'playing') frame = requestAnimationFrame(paint);
    };
    frame = requestAnimationFrame(paint);
    return () => cancelAnimationFrame(frame);
  }, [clock, offsetMs]);
  return position;
}
