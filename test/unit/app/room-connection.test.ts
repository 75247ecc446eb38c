import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type Ack, type JoinResult, type TimeSyncReply } from '../../../server/protocol';
import { connectRoom, type ConnectionSocket, type RoomConnectionHandlers } from '../../../app/lib/room-connection';
import { JOIN_REPLY_TIMEOUT_MS } from '../../../app/lib/reconnect-policy';

type Listener = (...args: never[]) => void;

/** A Socket.IO client socket as far as the connection uses it, driven by the test. */
class FakeSocket implements ConnectionSocket {
  connected = false;
  active = true;
  disconnected = false;
  readonly joins: { request: Record<string, unknown>; ack: (reply: Ack<JoinResult>) => void }[] = [];
  readonly listeners = new Map<string, Listener[]>();
  /** Server clock minus client clock, as the fake server answers `time:sync`. */
  serverAheadMs = 0;
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(_event: 'room:join', request: Record<string, unknown>, ack: (reply: Ack<JoinResult>) => void): this {
    this.joins.push({ request, ack });
    return this;
  }
  timeout() {
    return {
      emitWithAck: async (): Promise<Ack<TimeSyncReply>> => ({ ok: true, data: { serverNowMs: performance.timeOrigin + performance.now() + this.serverAheadMs } }),
    };
  }
  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }
  disconnect(): this {
    this.disconnected = true;
    this.connected = false;
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
  connect(): void {
    this.connected = true;
    this.fire('connect');
  }
  drop(active = true): void {
    this.connected = false;
    this.active = active;
    this.fire('disconnect');
  }
}

function handlers(resume?: { lastSeq: number; stream: string }) {
  let position = resume;
  const h = {
    resumeFrom: vi.fn(() => position),
    joined: vi.fn(),
    joinFailed: vi.fn(),
    dropped: vi.fn(),
    offset: vi.fn(),
  } satisfies RoomConnectionHandlers;
  return { h, advance: (next: { lastSeq: number; stream: string }) => (position = next) };
}

describe('the browser room connection (viewer, console, embed)', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('joins on connect, and after a drop rejoins from the last applied seq of the same stream', () => {
    const socket = new FakeSocket();
    const { h, advance } = handlers({ lastSeq: 4, stream: 's1' });
    connectRoom(socket, 'ABCD', h);
    expect(socket.joins).toEqual([]);
    socket.connect();
    expect(socket.joins.map((j) => j.request)).toEqual([{ room: 'ABCD', protocolVersion: PROTOCOL_VERSION, lastSeq: 4, stream: 's1' }]);
    advance({ lastSeq: 19, stream: 's1' });
    socket.drop();
    expect(h.dropped).toHaveBeenLastCalledWith('reconnecting', undefined);
    socket.connect();
    expect(socket.joins.at(-1)?.request).toEqual({ room: 'ABCD', protocolVersion: PROTOCOL_VERSION, lastSeq: 19, stream: 's1' });
  });

  it('asks for a fresh snapshot when there is nothing to resume from', () => {
    const socket = new FakeSocket();
    const { h } = handlers();
    connectRoom(socket, 'ABCD', h);
    socket.connect();
    expect(socket.joins[0].request).toEqual({ room: 'ABCD', protocolVersion: PROTOCOL_VERSION });
  });

  it('hands join results and refusals to the caller', () => {
    const socket = new FakeSocket();
    const { h } = handlers();
    connectRoom(socket, 'ABCD', h);
    socket.connect();
    const result = { mode: 'resume' } as unknown as JoinResult;
    socket.joins[0].ack({ ok: true, data: result });
    expect(h.joined).toHaveBeenCalledWith(result);
    socket.drop();
    socket.connect();
    socket.joins[1].ack({ ok: false, error: { code: 'unknown-room', message: 'no such room' } });
    expect(h.joinFailed).toHaveBeenCalledWith({ code: 'unknown-room', message: 'no such room' });
  });

  it('asks again when a join reply does not come (an overloaded server), and applies only the first reply', () => {
    const socket = new FakeSocket();
    const { h } = handlers({ lastSeq: 4, stream: 's1' });
    connectRoom(socket, 'ABCD', h);
    socket.connect();
    vi.advanceTimersByTime(JOIN_REPLY_TIMEOUT_MS - 1);
    expect(socket.joins).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(socket.joins.map((j) => j.request)).toEqual([
      { room: 'ABCD', protocolVersion: PROTOCOL_VERSION, lastSeq: 4, stream: 's1' },
      { room: 'ABCD', protocolVersion: PROTOCOL_VERSION, lastSeq: 4, stream: 's1' },
    ]);
    // The first join's reply, late, is applied; the second's is the same resume again and is ignored.
    const late = { mode: 'resume', messages: [] } as unknown as JoinResult;
    socket.joins[0].ack({ ok: true, data: late });
    socket.joins[1].ack({ ok: true, data: { mode: 'resume', messages: [] } as unknown as JoinResult });
    expect(h.joined).toHaveBeenCalledTimes(1);
    expect(h.joined).toHaveBeenCalledWith(late);
    // Answered: no more asking.
    vi.advanceTimersByTime(3 * JOIN_REPLY_TIMEOUT_MS);
    expect(socket.joins).toHaveLength(2);
  });

  it('does not ask again on a dropped socket, nor apply a reply that belongs to the old connection', () => {
    const socket = new FakeSocket();
    const { h } = handlers({ lastSeq: 4, stream: 's1' });
    connectRoom(socket, 'ABCD', h);
    socket.connect();
    socket.drop();
    vi.advanceTimersByTime(2 * JOIN_REPLY_TIMEOUT_MS);
    expect(socket.joins).toHaveLength(1);
    socket.joins[0].ack({ ok: true, data: { mode: 'resume', messages: [] } as unknown as JoinResult });
    expect(h.joined).not.toHaveBeenCalled();
    socket.connect();
    expect(socket.joins).toHaveLength(2);
    socket.joins[1].ack({ ok: true, data: { mode: 'resume', messages: [] } as unknown as JoinResult });
    expect(h.joined).toHaveBeenCalledTimes(1);
  });

  it('rejoins after a gap only while connected', () => {
    const socket = new FakeSocket();
    const { h, advance } = handlers({ lastSeq: 1, stream: 's' });
    const connection = connectRoom(socket, 'ABCD', h);
    connection.rejoin();
    expect(socket.joins).toHaveLength(0);
    socket.connect();
    advance({ lastSeq: 7, stream: 's' });
    connection.rejoin();
    expect(socket.joins.map((j) => j.request.lastSeq)).toEqual([1, 7]);
  });

  it('reports offline with the error once Socket.IO gives up (a refused handshake)', () => {
    const socket = new FakeSocket();
    const { h } = handlers();
    connectRoom(socket, 'ABCD', h);
    socket.active = false;
    const error = new Error('forbidden');
    socket.fire('connect_error', error);
    expect(h.dropped).toHaveBeenCalledWith('offline', error);
  });

  it('estimates the server clock on connect, within the fake round trip', async () => {
    const socket = new FakeSocket();
    socket.serverAheadMs = 12_345;
    const { h } = handlers();
    connectRoom(socket, 'ABCD', h);
    socket.connect();
    await vi.waitFor(() => expect(h.offset).toHaveBeenCalled());
    expect(h.offset.mock.calls[0][0]).toBeCloseTo(12_345, -1);
  });

  it('closes everything: no more listeners, the socket disconnected, no clock sync left running', async () => {
    const socket = new FakeSocket();
    const { h } = handlers();
    const connection = connectRoom(socket, 'ABCD', h);
    socket.connect();
    await vi.waitFor(() => expect(h.offset).toHaveBeenCalledTimes(1));
    connection.close();
    expect(socket.disconnected).toBe(true);
    expect(socket.listeners.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
