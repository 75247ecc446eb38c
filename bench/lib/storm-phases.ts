/**
 * Sorts a CPU profile's samples of a reconnect storm by what the server was doing, from each
 * sample's call stack (bench/storm-profile.ts): the live fan-out of captions, the join replies, the
 * handshakes, the deferred writes Engine.IO flushes once a socket drains, the closing of dropped
 * sockets, reading and parsing what clients send, and the garbage collector.
 */
import type { CpuProfile } from './cpu-profile';

export const STORM_PHASES = [
  'fan-out of live captions (emitNextSegment → every socket of the room)',
  'join handler and its reply (room-handlers, catch-up, the ack encoded and written)',
  'handshakes (HTTP upgrade, Engine.IO open, Socket.IO connect, middleware, connection setup)',
  'deferred writes (Engine.IO flushing a socket buffer once the previous write completed)',
  'dropped sockets closing (disconnect, leave, destroy)',
  'reading and parsing what clients send',
  'garbage collector',
  'other',
] as const;
export type StormPhase = (typeof STORM_PHASES)[number];

function phaseOf(frames: readonly string[]): StormPhase {
  const has = (re: RegExp) => frames.some((f) => re.test(f));
  if (frames[0]?.startsWith('(garbage collector)')) return 'garbage collector';
  if (has(/^emitNextSegment /u)) return 'fan-out of live captions (emitNextSegment → every socket of the room)';
  if (has(/room-handlers|message-log|^catchUp /u) || has(/socket\.io\/dist\/socket\.js:47\d/u)) return 'join handler and its reply (room-handlers, catch-up, the ack encoded and written)';
  if (has(/handleUpgrade|completeUpgrade|engine\.io\/build\/server\.js|^verify |^handshake |namespace\.js|buildHandshake|_onconnect|release-request|origin-check/u)) return 'handshakes (HTTP upgrade, Engine.IO open, Socket.IO connect, middleware, connection setup)';
  if (has(/^(onDrain|onReady|_onSentLast|afterWrite|afterWriteTick|clearBuffer) /u)) return 'deferred writes (Engine.IO flushing a socket buffer once the previous write completed)';
  if (has(/^(onclose|_onclose|onClose|_destroy|closeSocketHandle|_remove|delAll|leaveAll|emitCloseNT|onSocketEnd|endReadableNT) /u)) return 'dropped sockets closing (disconnect, leave, destroy)';
  if (has(/^(onStreamRead|receiverOnMessage|tryParse|decode|onPacket|onData) /u)) return 'reading and parsing what clients send';
  return 'other';
}

/** Self time per phase, ms (idle and "(program)" left out), and per phase over consecutive slices of `sliceMs`. */
export function stormPhases(profile: CpuProfile, sliceMs = 2000): { totals: Map<StormPhase, number>; slices: Map<StormPhase, number>[]; totalMs: number; sliceMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const cache = new Map<number, StormPhase | null>();
  const phase = (id: number): StormPhase | null => {
    const known = cache.get(id);
    if (known !== undefined) return known;
    const frames: string[] = [];
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x)!.callFrame;
      frames.push(`${f.functionName} ${f.url.replace(/^.*node_modules\//u, '')}:${f.lineNumber + 1}`);
    }
    const top = frames[0] ?? '';
    const result = top.startsWith('(idle)') || top.startsWith('(program)') || top.startsWith('(root)') ? null : phaseOf(frames);
    cache.set(id, result);
    return result;
  };
  const totals = new Map<StormPhase, number>();
  const slices: Map<StormPhase, number>[] = [];
  let at = 0;
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    at += ms;
    const p = phase(id);
    if (!p) return;
    totalMs += ms;
    totals.set(p, (totals.get(p) ?? 0) + ms);
    const s = Math.floor(at / sliceMs);
    while (slices.length <= s) slices.push(new Map());
    slices[s].set(p, (slices[s].get(p) ?? 0) + ms);
  });
  return { totals, slices, totalMs, sliceMs };
}
