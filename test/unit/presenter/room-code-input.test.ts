import { describe, expect, it } from 'vitest';
import { JOIN_CODE_PATTERN, roomCodeFromInput } from '../../../app/lib/presenter/room-code-input';
import { ROOM_CODE_PATTERN } from '../../../server/rooms/room-code';

describe('roomCodeFromInput', () => {
  it.each([
    ['PRESS', 'PRESS'],
    ['press', 'PRESS'],
    ['  k7qx2 ', 'K7QX2'],
    ['K7Q-X2', 'K7QX2'],
    ['k7q x2', 'K7QX2'],
    ['ABC', undefined],
    ['ABCDEFGHJ', undefined],
    ['PR0SS', undefined],
    ['PRlSS', undefined],
    ['', undefined],
    ['../x', undefined],
  ])('%j → %s', (typed, expected) => {
    expect(roomCodeFromInput(typed)).toBe(expected);
  });

  it('accepts exactly the codes the server accepts', () => {
    expect(JOIN_CODE_PATTERN.source).toBe(ROOM_CODE_PATTERN.source);
  });
});
