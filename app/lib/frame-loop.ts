import type { ClockState } from '../../server/protocol';
import { positionAt } from '../../server/replay/clock';
import { frameNow } from './clock-sync';

/**
 * Calls `onFrame` with the room's media position at every animation frame while the clock plays,
 * and at one frame otherwise (`playing` false: the last call until the clock changes). Returns a
 * function that stops the loop.
 *
 * The position is taken at the frame's own time (the animation-frame timestamp), not at the moment
 * the callback happens to run: every page on a display shares the frame time, so two pages with
 * the same clock estimate reach a word in the same frame, however busy their main threads were
 * when the frame began.
 */
export function startFrameLoop(clock: ClockState, offsetMs: number, onFrame: (positionMs: number, playing: boolean) => void): () => void {
  let frame = 0;
  const tick = (frameTimeMs: number) => {
    const playing = clock.status === 'playing';
    onFrame(positionAt(clock, frameNow(frameTimeMs) + offsetMs), playing);
    if (playing) frame = requestAnimationFrame(tick);
  };
  frame = requestAnimationFrame(tick);
  return () => cancelAnimationFrame(frame);
}
