/** Socket.IO room names: every client of a room, and the room's presenters. */
export function roomChannel(code: string): string {
  return `room:${code}`;
}

export function presentersChannel(code: string): string {
  return `presenters:${code}`;
}
