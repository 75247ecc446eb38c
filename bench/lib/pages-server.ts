import { startNodeProcess, type NodeProcess } from './proc';

/** The room the page benchmarks watch: the server's default room, playing from its start. */
export const ROOM = 'PRESS';

/** Our server with pages (SERVE_PAGES=1) from the production build, on a loopback port, its state in `stateDir`. */
export function startPagesServer(stateDir: string): Promise<NodeProcess> {
  return startNodeProcess({
    script: 'server/index.ts',
    env: { NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', SERVE_PAGES: '1', STATE_DIR: stateDir, NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'info' },
  });
}
