import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TemplatedApp, us_listen_socket } from '@trufflesuite/uws-js-unofficial';

const require = createRequire(import.meta.url);
const PACKAGE = '@trufflesuite/uws-js-unofficial';

/** A µWebSockets.js server of its own, for `SOCKET_ENGINE=uws`: Socket.IO attaches to `app`. */
export interface UwsListener {
  readonly app: TemplatedApp;
  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  readonly port: number;
  close(): void;
}

/**
 * Opens a µWebSockets.js listener. The package carries native builds for some Node.js versions
 * only, and on any other it silently falls back to a slow JavaScript emulation: that would defeat
 * the reason to choose this engine, so a missing build is an error that says what to do instead.
 */
export async function listenUws(host: string, port: number): Promise<UwsListener> {
  const binary = path.join(
    path.dirname(require.resolve(`${PACKAGE}/package.json`)),
    'binaries',
    `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`,
  );
  if (!existsSync(binary)) {
    throw new Error(
      `SOCKET_ENGINE=uws: ${PACKAGE} has no native build for Node.js ${process.version} on ${process.platform}-${process.arch}; ` +
        'use SOCKET_ENGINE=node (the default) or Node.js 20',
    );
  }
  const uws = require(binary) as typeof import('@trufflesuite/uws-js-unofficial');
  const app = uws.App();
  const token = await new Promise<us_listen_socket>((resolve, reject) => {
    app.listen(host, port, (listenSocket) => {
      if (listenSocket) resolve(listenSocket);
      else reject(new Error(`SOCKET_ENGINE=uws: cannot listen on ${host}:${port} (SOCKET_PORT in use?)`));
    });
  });
  let open = true;
  return {
    app,
    port: uws.us_socket_local_port(token as never),
    close: () => {
      if (!open) return;
      open = false;
      uws.us_listen_socket_close(token);
    },
  };
}
