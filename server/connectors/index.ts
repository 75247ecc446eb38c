import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { RedisClient } from '../cluster/redis-link';
import type { Config } from '../config';
import type { ClockMessage, SegmentMessage } from '../protocol';
import type { TimeSource } from '../replay/time-source';
import type { Room, RoomRegistry } from '../rooms/room-registry';
import { answerOutputsRequest, isOutputsRequest } from './http-api';
import { Connectors, type ConnectorOptions } from './manager';
import { ClusterConnectors } from './redis-store';
import { fileConnectorStore } from './store';

export type { ConnectorOptions };

/**
 * The caption outputs as the composition root wires them: the registry's observer, the HTTP API,
 * and a close that lets sends under way finish and saves. Alone, outputs live in a file in
 * STATE_DIR and this node sends them all; in a cluster they live in Redis and each is sent by the
 * one node holding its lease (redis-store.ts).
 */
export function startConnectors(deps: {
  config: Config;
  time: TimeSource;
  logger: Logger;
  redis: RedisClient | undefined;
  rooms: (code: string) => Promise<Room | undefined>;
  registry: () => RoomRegistry;
  options?: ConnectorOptions;
}) {
  const options = { allowPrivateNetwork: deps.config.connectorsAllowPrivateNetwork, ...deps.options };
  const common = { rooms: (code: string) => deps.registry().get(code), time: deps.time, clockSpeed: deps.config.clockSpeed, logger: deps.logger, options };
  const connectors = deps.redis
    ? new ClusterConnectors({ ...common, client: deps.redis, leaseTtlMs: deps.config.connectorsLeaseMs, load: async (code) => deps.rooms(code) })
    : new Connectors({ ...common, store: fileConnectorStore(deps.config.stateDir, deps.logger) });
  return {
    connectors,
    observer: {
      segment: (code: string, message: SegmentMessage) => connectors.observer.segment(code, message),
      clock: (code: string, message: ClockMessage) => connectors.observer.clock(code, message),
    },
    handles: (req: IncomingMessage) => isOutputsRequest(req.url),
    answer: (req: IncomingMessage, res: ServerResponse) => answerOutputsRequest(req, res, { connectors, room: deps.rooms }),
    close: () => connectors.close(),
  };
}
