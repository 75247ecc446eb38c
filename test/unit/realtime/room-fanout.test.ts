import { Socket as NetSocket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { idleWebSocketOf } from '../../../server/realtime/room-fanout';

/** An Engine.IO socket on an idle WebSocket, as room-fanout reads it; `change` spoils one part. */
function engineSocket(change: (state: ReturnType<typeof idle>) => void = () => {}) {
  const state = idle();
  change(state);
  return state;
}

function idle() {
  const tcp = new NetSocket();
  Object.defineProperty(tcp, 'writable', { value: true });
  return {
    readyState: 'open',
    upgrading: false,
    writeBuffer: [] as unknown[],
    transport: {
      name: 'websocket',
      writable: true,
      socket: { readyState: 1, _socket: tcp as NetSocket | undefined, _sender: { _queue: [] as unknown[], _state: 0 } },
    },
  };
}

describe('which viewers may be written to directly', () => {
  it('an open WebSocket with nothing pending above its TCP socket', () => {
    const state = engineSocket();
    expect(idleWebSocketOf(state)).toBe(state.transport.socket._socket);
  });

  // Each of these would let a direct write overtake something already queued, or write to a dead socket.
  const notIdle: [string, (s: ReturnType<typeof idle>) => void][] = [
    ['Engine.IO packets waiting in its write buffer', (s) => s.writeBuffer.push({ type: 'message' })],
    ["Engine.IO's own last write still in flight", (s) => (s.transport.writable = false)],
    ['an upgrade from polling in progress', (s) => (s.upgrading = true)],
    ['HTTP long-polling', (s) => (s.transport.name = 'polling')],
    ['an Engine.IO socket closing', (s) => (s.readyState = 'closing')],
    ['a WebSocket closing', (s) => (s.transport.socket.readyState = 2)],
    ['frames queued in ws', (s) => s.transport.socket._sender._queue.push([])],
    ['ws busy with a compression or a blob', (s) => (s.transport.socket._sender._state = 1)],
    ['a destroyed TCP socket', (s) => s.transport.socket._socket!.destroy()],
    ['internals that are not there (an upgraded Engine.IO or ws)', (s) => (s.transport.socket._socket = undefined)],
  ];
  for (const [what, change] of notIdle) {
    it(`not with ${what}`, () => {
      expect(idleWebSocketOf(engineSocket(change))).toBeUndefined();
    });
  }
});
