import { createApplication } from './app';
import { readConfig } from './config';

/** After the drain (or the immediate close) has had this long, the process exits anyway. */
const FORCE_EXIT_AFTER_MS = 10_000;

/** Process entry: `npm start` (production build) and `npm run dev` (watch mode) both run this. */
async function main(): Promise<void> {
  const config = readConfig();
  const app = await createApplication(config);
  if (!app.pagesAreReady()) app.logger.info({ listening: app.url }, 'sockets are up; pages are starting');

  // SIGTERM (an orchestrator, a deploy script, `kill`): drain, so that the viewers move to the
  // other nodes with nothing missed (ops/drain.ts). SIGINT (Ctrl-C) and a second signal: now.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    const drain = signal === 'SIGTERM' && !stopping;
    app.logger.info({ signal }, drain ? 'draining, then shutting down' : 'shutting down');
    const done = drain ? app.drain() : app.close();
    stopping = true;
    // The drain's grace period is part of the plan; the force timer counts from its end.
    const force = setTimeout(() => process.exit(1), (drain ? app.drainGraceMs : 0) + FORCE_EXIT_AFTER_MS);
    force.unref();
    done.then(
      () => process.exit(0),
      (error: unknown) => {
        app.logger.error({ err: error }, 'could not close cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  // `url` in this line tells scripts and tests that the pages answer too.
  await app.pagesReady;
  app.logger.info({ url: app.url, dev: config.dev }, `Boothcast is live at ${app.url}/ (room ${config.defaultRoom})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
