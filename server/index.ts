import { createApplication } from './app';
import { readConfig } from './config';

/** Process entry: `npm start` (production build) and `npm run dev` (watch mode) both run this. */
async function main(): Promise<void> {
  const config = readConfig();
  const app = await createApplication(config);
  if (!app.pagesAreReady()) app.logger.info({ listening: app.url }, 'sockets are up; pages are starting');

  const shutdown = (signal: string) => {
    app.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  // `url` in this line tells scripts and tests that the pages answer too.
  await app.pagesReady;
  app.logger.info({ url: app.url, dev: config.dev }, `Boothcast is live at ${app.url}/ (room ${config.defaultRoom})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
