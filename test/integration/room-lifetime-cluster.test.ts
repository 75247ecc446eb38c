import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis } from '../support/redis-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * Room ownership and lifetime across a cluster: two nodes on one Redis. A room is in use if
 * anyone is in it on any node, so a node whose own sockets left it must not delete it while
 * another node still serves a viewer; once nobody anywhere is in it, it goes from every node.
 * Live rooms per address are counted over the cluster. Real time, with a short idle expiry.
 */
const IDLE_EXPIRY_MS = 5_000;
let redis: Awaited<ReturnType<typeof startRedis>>;
const nodes: ServerProcess[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  redis = await startRedis();
  for (let i = 0; i < 2; i++) {
    nodes.push(await startServerProcess({ SERVE_PAGES: '0', REDIS_URL: redis.url, ROOM_IDLE_EXPIRY: String(IDLE_EXPIRY_MS), MAX_ROOMS_PER_ADDRESS: '2' }));
  }
}, 60_000);

afterAll(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const node of nodes.splice(0)) await node.stop();
  await redis?.stop();
}, 60_000);

async function socketTo(node: ServerProcess): Promise<Socket> {
  const socket = io(node.socketUrl, { transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

type Reply = { ok: boolean; data?: { code: string }; error?: { code: string } };
/** Opens a room from a socket that then leaves it (as a teacher who closes the tab). */
async function create(node: ServerProcess): Promise<Reply> {
  const socket = await socketTo(node);
  const reply = (await socket.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14', autoplay: false })) as Reply;
  socket.disconnect();
  return reply;
}
/** Until the node holds `count` rooms (the default room included), within a few expiries. */
async function waitForRooms(node: ServerProcess, count: number): Promise<void> {
  const deadline = Date.now() + 4 * IDLE_EXPIRY_MS;
  let rooms = await roomsOn(node);
  while (rooms !== count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    rooms = await roomsOn(node);
  }
  expect(rooms, `rooms on ${node.url}`).toBe(count);
}
const roomsOn = async (node: ServerProcess): Promise<number> => ((await (await fetch(`${node.url}/healthz`)).json()) as { rooms: number }).rooms;

describe('rooms in a cluster', () => {
  it('counts live rooms per address over every node', async () => {
    const [a, b] = nodes;
    expect((await create(a)).ok).toBe(true);
    expect((await create(b)).ok).toBe(true);
    // The room opened on B reaches A through Redis; then A knows the address holds two.
    await waitForRooms(a, 3);
    expect(await create(a)).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    expect(await create(b)).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
  });

  it('keeps a room a viewer watches on another node; deletes it from every node once nobody is in it anywhere', async () => {
    const [a, b] = nodes;
    // The address's rooms from the test before expire first (nobody is in them), on both nodes.
    await waitForRooms(a, 1);
    await waitForRooms(b, 1);
    const presenter = await socketTo(a);
    const created = (await presenter.emitWithAck('room:create', { transcriptId: 'vienna-2015-11-14', autoplay: false })) as Reply;
    expect(created.ok).toBe(true);
    const code = created.data!.code;
    presenter.disconnect();
    const viewer = await socketTo(b);
    expect(await viewer.emitWithAck('room:join', { room: code, protocolVersion: 2 })).toMatchObject({ ok: true });

    // Twice the expiry with nobody in the room on A: A keeps it, because B reports its viewer.
    await new Promise((resolve) => setTimeout(resolve, 2 * IDLE_EXPIRY_MS));
    const stillThere = await socketTo(a);
    expect(await stillThere.emitWithAck('room:join', { room: code, protocolVersion: 2 })).toMatchObject({ ok: true });
    stillThere.disconnect();
    viewer.disconnect();

    await waitForRooms(a, 1);
    await waitForRooms(b, 1);
    for (const node of [a, b]) {
      expect(await (await socketTo(node)).emitWithAck('room:join', { room: code, protocolVersion: 2 })).toMatchObject({ ok: false, error: { code: 'unknown-room' } });
    }
  });
});
