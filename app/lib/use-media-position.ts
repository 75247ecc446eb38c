'use client';
import { useEffect, useState } from 'react';
import type { ClockState } from '../../server/protocol';
import { positionAt } from '../../server/replay/clock';
import { frameNow } from './clock-sync';

/**
 * The room's media position, updated every animation frame while playing. Starts from the
 * server's render time so the server HTML and the first client render agree.
 *
 * Each frame's position is taken at the frame's own time (the animation-frame timestamp), not at
 * the moment this callback happens to run: every page on a display shares the frame time, so two
 * viewers with the same clock estimate show a word in the same frame, however busy their main
 * threads were when the frame began.
 */
export function useMediaPosition(clock: ClockState, offsetMs: number, renderedAtServerMs: number): number {
  const [position, setPosition] = useState(() => positionAt(clock, renderedAtServerMs));
  useEffect(() => {
    let frame = 0;
    const paint = (frameTimeMs: number) => {
      setPosition(positionAt(clock, frameNow(frameTimeMs) + offsetMs));
      if (clock.status === 'playing') frame = requestAnimationFrame(paint);
    };
    frame = requestAnimationFrame(paint);
    return () => cancelAnimationFrame(frame);
  }, [clock, offsetMs]);
  return position;
}
