import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser';
import { startServerProcess, type ServerProcess } from './server-process';

/** The production server and a Chromium for one end-to-end test file, started once and stopped after. */
export function serverAndBrowserForFile(env: Record<string, string> = {}): { server(): ServerProcess; browser(): Browser } {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServerProcess(env);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return { server: () => server!, browser: () => browser! };
}
