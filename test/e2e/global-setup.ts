import { existsSync } from 'node:fs';
// @ts-expect-error -- a plain .mjs script shared with `npm start`
import { ensureBuild } from '../../scripts/ensure-build.mjs';
import { CHROMIUM_PATH } from '../support/browser';

/** The end-to-end tier runs against the production build, in Chromium; both must be there. */
export default async function setup(): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the end-to-end tests need it. Install it with \`apt-get install -y chromium\` (npm test does this when run as root).`,
    );
  }
  await (ensureBuild as (o: { quiet: boolean }) => Promise<boolean>)({ quiet: false });
}
