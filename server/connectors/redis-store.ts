import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { RedisClient } from '../cluster/redis-link';
import type { TimeSource } from '../replay/time-source';
import type { Room } from '../rooms/room-registry';
import { DEFAULT_DELIVERY, type OutputRecord, type OutputState } from './delivery';
import { outputKeys, outputLeases, type OutputLeases } from './lease';
import { Connectors, OutputError, outputView, type ConnectorOptions, type OutputView } from './manager';
import { MAX_OUTPUTS_PER_ROOM, type NewOutput } from './outputs';
import { RecordSchema, type ConnectorStore } from './store';
import { DeliveryError, type Target } from './target';

/** How long a node's lease on an output lasts without renewal (CONNECTORS_LEASE_MS). */
export const DEFAULT_LEASE_TTL_MS = 15_000;
/** Shortest lease accepted: renewals every quarter of it must fit Redis round trips on a busy node. */
export const MIN_LEASE_TTL_MS = 1_000;

/** What the console of another node reads of an output: saved with its state by the node that sends it. */
interface SavedView {
  readonly state: OutputState;
  readonly error?: string;
  readonly latency: { medianMs: number; p99Ms: number } | null;
  readonly addedAt: number;
}

interface Lease {
  readonly code: string;
  /** performance.now() when the last successful acquire or renewal was sent: the lease runs at least ttl from then. */
  renewedAt: number;
  readonly addedAt: number;
}

/**
 * Caption outputs on a cluster. Every output lives in Redis (lease.ts) so any node can list, add,
 * stop or remove it, and exactly one node sends for it: the one holding its lease. Each node
 * runs the same `Connectors` engine as a lone server, but only for the outputs it holds; their
 * state is written to Redis by a fenced script (only the lease's holder may write it).
 *
 * Every quarter of the ttl (at most every second) a node renews its leases (compare-and-renew),
 * saves its outputs' state for the other nodes' consoles, and looks for outputs nobody holds; it
 * takes those (SET NX PX), loads their room if it does not play it yet, and continues each from
 * its saved `seq` and queue. A lease held by another node is tried again the moment it would
 * expire, so a dead node's outputs move within the ttl; a node that shuts down (or drains) gives
 * its leases up, so they move at the next look.
 *
 * Fencing: a send starts only while `now + timeout < last renewal + ttl`, so every request a node
 * makes ends before its lease can expire; the per-request timeout is capped at half the ttl, and
 * renewals come every quarter, so a healthy node never waits on it. A node that cannot renew
 * (Redis down, the lease taken) stops sending before the lease can pass to another node.
 */
export class ClusterConnectors {
  readonly node = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly engine: Connectors;
  private readonly leases: OutputLeases;
  private readonly held = new Map<string, Lease>();
  private readonly acquiring = new Set<string>();
  private readonly retries = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private ticking: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly deps: {
      readonly client: RedisClient;
      readonly leaseTtlMs: number;
      /** A room this node plays. */
      readonly rooms: (code: string) => Room | undefined;
      /** A room, loaded on this node if it does not play it yet (from Redis). */
      readonly load: (code: string) => Promise<Room | undefined>;
      readonly time: TimeSource;
      readonly clockSpeed: number;
      readonly logger: Logger;
      readonly options?: ConnectorOptions;
    },
  ) {
    if (!(deps.leaseTtlMs >= MIN_LEASE_TTL_MS)) throw new Error(`the connectors' lease must last at least ${MIN_LEASE_TTL_MS} ms (got ${deps.leaseTtlMs})`);
    this.ttlMs = deps.leaseTtlMs;
    this.timeoutMs = Math.min(deps.options?.timeoutMs ?? DEFAULT_DELIVERY.timeoutMs, Math.floor(this.ttlMs / 2));
    this.leases = outputLeases(deps.client);
    this.engine = new Connectors({
      rooms: deps.rooms,
      time: deps.time,
      clockSpeed: deps.clockSpeed,
      logger: deps.logger,
      store: this.store(),
      options: { ...deps.options, timeoutMs: this.timeoutMs },
      fence: (record, target) => this.fenced(record, target),
    });
    this.timer = setInterval(() => void this.tick(), this.tickMs());
    this.timer.unref();
    void this.tick();
  }

  readonly observer = {
    segment: (...args: Parameters<Connectors['observer']['segment']>) => this.engine.observer.segment(...args),
    clock: (...args: Parameters<Connectors['observer']['clock']>) => this.engine.observer.clock(...args),
  };

  async list(room: string): Promise<OutputView[]> {
    const { configs, states, stopped } = await this.leases.read(room);
    const views: { view: OutputView; addedAt: number }[] = [];
    for (const [id, config] of Object.entries(configs)) {
      const parsed = parseRecord(config, states[id]);
      if (!parsed) continue;
      parsed.record.stopped = stopped[id] === '1';
      const local = this.engine.viewOf(id);
      const saved = parsed.view;
      views.push({
        view: local ?? outputView(parsed.record, saved?.state ?? 'sending', saved?.error, saved?.latency ?? null),
        addedAt: this.held.get(id)?.addedAt ?? saved?.addedAt ?? 0,
      });
    }
    return views.sort((a, b) => a.addedAt - b.addedAt || a.view.id.localeCompare(b.view.id)).map((v) => v.view);
  }

  async add(room: string, input: NewOutput): Promise<OutputView> {
    const record = this.engine.newRecord(room, input);
    const { id } = record.config;
    const state = stateJson(record, { state: 'sending', latency: null, addedAt: Date.now() });
    if (!(await this.leases.add(room, id, JSON.stringify(record.config), state, MAX_OUTPUTS_PER_ROOM, this.node, this.ttlMs))) {
      throw new OutputError('limit', `a room has at most ${MAX_OUTPUTS_PER_ROOM} outputs`);
    }
    this.deps.logger.info({ room, output: id, type: record.config.type, lang: record.config.lang }, 'caption output added');
    // Added with its lease held here: this node sends for it.
    await this.tryAcquire(room, id);
    return this.engine.viewOf(id) ?? outputView(record, 'sending', undefined, null);
  }

  async remove(room: string, id: string): Promise<void> {
    if (!(await this.leases.remove(room, id))) throw new OutputError('not-found', 'no such output in this room');
    // Here at once; the node that holds it (if another) stops at its next renewal.
    this.held.delete(id);
    await this.engine.drop(id);
    this.deps.logger.info({ room, output: id }, 'caption output removed');
  }

  async setStopped(room: string, id: string, stopped: boolean): Promise<OutputView> {
    if (!(await this.leases.setStopped(room, id, stopped))) throw new OutputError('not-found', 'no such output in this room');
    // Here at once; the node that holds it (if another) follows at its next renewal.
    if (this.engine.holds(id)) return this.engine.setStopped(room, id, stopped);
    const view = (await this.list(room)).find((v) => v.id === id);
    if (!view) throw new OutputError('not-found', 'no such output in this room');
    return view;
  }

  /** Stops sending, saves, and gives every lease up so other nodes take the outputs at once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
    await this.ticking;
    await this.engine.close();
    await Promise.all([...this.held].map(([id, lease]) => this.leases.release(lease.code, id, this.node).catch(() => undefined)));
    this.held.clear();
  }

  /** Renewals and looking for unheld outputs: every quarter of the ttl, at most every second. */
  private tickMs(): number {
    return Math.max(100, Math.min(1_000, Math.floor(this.ttlMs / 4)));
  }

  private tick(): Promise<void> {
    if (this.closed || this.ticking) return this.ticking ?? Promise.resolve();
    this.ticking = (async () => {
      try {
        await this.renew();
        await this.scan();
      } catch (error) {
        this.deps.logger.debug({ err: error instanceof Error ? error.message : String(error) }, 'caption outputs: Redis not reachable; retrying');
      } finally {
        this.ticking = undefined;
      }
    })();
    return this.ticking;
  }

  private async renew(): Promise<void> {
    for (const [id, lease] of [...this.held]) {
      if (!this.engine.holds(id) && !this.acquiring.has(id)) {
        // The engine let it go (its room was unloaded here): give the lease up for whoever plays the room.
        this.held.delete(id);
        await this.leases.release(lease.code, id, this.node).catch(() => undefined);
        continue;
      }
      const sentAt = performance.now();
      let reply: Awaited<ReturnType<OutputLeases['renew']>>;
      try {
        reply = await this.leases.renew(lease.code, id, this.node, this.ttlMs);
      } catch {
        // Redis unreachable: sends stop by themselves (fenced); once the lease may have passed, let go.
        if (performance.now() >= lease.renewedAt + this.ttlMs) this.lost(id, 'the lease expired while Redis was unreachable');
        continue;
      }
      if (reply === 'lost' || reply === 'removed') {
        this.lost(id, reply === 'lost' ? 'another node holds the lease' : 'the output was removed');
        continue;
      }
      lease.renewedAt = sentAt;
      const view = this.engine.viewOf(id);
      if (view && (view.state === 'stopped') !== reply.stopped) await this.engine.setStopped(lease.code, id, reply.stopped).catch(() => undefined);
    }
    // What the consoles of other nodes show (failing, latency) follows within a renewal.
    if (this.held.size > 0) await this.engine.saveNow().catch(() => undefined);
  }

  private async scan(): Promise<void> {
    for (const code of await this.leases.rooms()) {
      if (this.closed) return;
      if (await this.leases.prune(code)) {
        for (const [id, lease] of [...this.held]) if (lease.code === code) this.lost(id, 'its room is gone');
        this.deps.logger.info({ room: code }, 'caption outputs of a room that is gone deleted');
        continue;
      }
      for (const id of await this.deps.client.hKeys(outputKeys(code).configs)) {
        // Also those already waiting for a lease to expire: a node that shut down released it early.
        if (!this.held.has(id)) await this.tryAcquire(code, id);
      }
    }
  }

  private async tryAcquire(code: string, id: string): Promise<void> {
    if (this.closed || this.acquiring.has(id) || this.held.has(id)) return;
    this.acquiring.add(id);
    let taken = false;
    try {
      const sentAt = performance.now();
      const got = await this.leases.acquire(code, id, this.node, this.ttlMs);
      taken = got.held;
      if (!got.held) {
        // Held elsewhere: try again the moment that lease would expire (the holder may be dead).
        if ('leftMs' in got && got.leftMs <= this.ttlMs) this.retryAt(code, id, got.leftMs + 5);
        return;
      }
      const parsed = parseRecord(got.config, got.state);
      const room = parsed && (this.deps.rooms(code) ?? (await this.deps.load(code).catch(() => undefined)));
      if (!parsed || !room) {
        await this.leases.release(code, id, this.node);
        if (!parsed) this.deps.logger.error({ room: code, output: id }, 'a caption output saved in Redis could not be read; not sent');
        return;
      }
      const { record } = parsed;
      this.held.set(id, { code, renewedAt: sentAt, addedAt: parsed.view?.addedAt ?? Date.now() });
      record.stopped = got.stopped;
      if (record.stopped) {
        record.pending = [];
        record.held = null;
        record.lastIndex = null;
      }
      this.engine.adopt(record);
      taken = false;
      this.deps.logger.info({ room: code, output: id, type: record.config.type, seq: record.seq, queued: record.pending.length }, 'caption output taken: this node sends it');
    } catch (error) {
      // Taken but not started: give it back rather than hold it with nobody sending.
      if (taken && !this.engine.holds(id)) {
        this.held.delete(id);
        await this.leases.release(code, id, this.node).catch(() => undefined);
      }
      this.deps.logger.debug({ room: code, output: id, err: error instanceof Error ? error.message : String(error) }, 'could not take a caption output');
    } finally {
      this.acquiring.delete(id);
    }
  }

  private retryAt(code: string, id: string, delayMs: number): void {
    if (this.closed || this.retries.has(id)) return;
    const timer = setTimeout(() => {
      this.retries.delete(id);
      void this.tryAcquire(code, id);
    }, delayMs);
    timer.unref();
    this.retries.set(id, timer);
  }

  private lost(id: string, why: string): void {
    const lease = this.held.get(id);
    if (!lease) return;
    this.held.delete(id);
    void this.engine.drop(id);
    this.deps.logger.warn({ room: lease.code, output: id, why }, 'caption output no longer sent from this node');
  }

  /** The target, sending only while this node's lease outlasts the request (see the class comment). */
  private fenced(record: OutputRecord, target: Target): Target {
    const id = record.config.id;
    const check = () => {
      const lease = this.held.get(id);
      if (!lease || performance.now() + this.timeoutMs >= lease.renewedAt + this.ttlMs) {
        throw new DeliveryError('waiting for this server to renew its lease on the output', undefined, false);
      }
    };
    return {
      idempotent: target.idempotent,
      send: async (caption, signal) => {
        check();
        return target.send(caption, signal);
      },
      ...(target.lastAcceptedSeq
        ? {
            lastAcceptedSeq: async (signal: AbortSignal) => {
              check();
              return target.lastAcceptedSeq!(signal);
            },
          }
        : {}),
      ...(target.close ? { close: () => target.close!() } : {}),
    };
  }

  /** Writes the state of the outputs this node holds, each only while it holds the lease. */
  private store(): ConnectorStore {
    let tail: Promise<void> = Promise.resolve();
    let queued: Promise<void> | undefined;
    const write = async (records: () => readonly OutputRecord[]) => {
      queued = undefined;
      const lost: string[] = [];
      await Promise.all(
        records().map(async (record) => {
          const { id, room } = record.config;
          const lease = this.held.get(id);
          if (!lease) return;
          const view = this.engine.viewOf(id);
          const saved: SavedView = { state: view?.state ?? 'sending', ...(view?.error ? { error: view.error } : {}), latency: view?.latency ?? null, addedAt: lease.addedAt };
          if (!(await this.leases.save(room, id, this.node, stateJson(record, saved)))) lost.push(id);
        }),
      );
      for (const id of lost) this.lost(id, 'another node holds the lease');
      if (lost.length > 0) throw new Error('an output was taken over by another node');
    };
    return {
      load: () => [],
      save(records) {
        if (queued) return queued;
        const promise = tail.catch(() => undefined).then(() => write(records));
        queued = promise;
        tail = promise;
        return promise;
      },
    };
  }
}

/** An output's state as saved in Redis: its record without the settings, and what consoles show. */
function stateJson(record: OutputRecord, view: SavedView): string {
  const { config: _config, ...state } = record;
  return JSON.stringify({ ...state, view });
}

function parseRecord(config: string, state: string | undefined): { record: OutputRecord; view: SavedView | undefined } | undefined {
  try {
    const stored = JSON.parse(state ?? '{}') as { view?: SavedView };
    const parsed = RecordSchema.safeParse({ ...stored, config: JSON.parse(config) as unknown });
    if (!parsed.success) return undefined;
    return { record: parsed.data as OutputRecord, view: stored.view };
  } catch {
    return undefined;
  }
}
