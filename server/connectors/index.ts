import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { ClockMessage, SegmentMessage } from '../protocol';
import type { TimeSource } from '../replay/time-source';
import type { Room, RoomRegistry } from '../rooms/room-registry';
import { answerOutputsRequest, isOutputsRequest } from './http-api';
import { Connectors, type ConnectorOptions } from './manager';
import { fileConnectorStore } from './store';

export type { ConnectorOptions };

/**
 * The caption outputs as the composition root wires them: the registry's observer, the HTTP API,
 * and a close that lets sends under way finish and saves. In a cluster outputs are refused (no
 * lease yet decides which node sends), so no node ever double-posts.
 */
export function startConnectors(deps: {
  config: Config;
  time: TimeSource;
  logger: Logger;
  redis: boolean;
  rooms: (code: string) => Promise<Room | undefined>;
  registry: () => RoomRegistry;
  options?: ConnectorOptions;
}) {
  const connectors = deps.redis
    ? undefined
    : new Connectors({
        rooms: (code) => deps.registry().get(code),
        time: deps.time,
        clockSpeed: deps.config.clockSpeed,
        logger: deps.logger,
        store: fileConnectorStore(deps.config.stateDir, deps.logger),
        options: { allowPrivateNetwork: deps.config.connectorsAllowPrivateNetwork, ...deps.options },
      });
  return {
    connectors,
    observer: {
      segment: (code: string, message: SegmentMessage) => connectors?.observer.segment(code, message),
      clock: (code: string, message: ClockMessage) => connectors?.observer.clock(code, message),
    },
    handles: (req: IncomingMessage) => isOutputsRequest(req.url),
    answer: (req: IncomingMessage, res: ServerResponse) => answerOutputsRequest(req, res, { connectors, room: deps.rooms }),
    close: () => connectors?.close() ?? Promise.resolve(),
  };
}
