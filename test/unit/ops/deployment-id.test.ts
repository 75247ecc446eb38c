import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/load-vienna';
// @ts-expect-error -- a plain .mjs script read by next.config.js
import { deploymentId } from '../../../scripts/deployment-id.mjs';

const id = deploymentId as (env?: Record<string, string | undefined>) => string;

describe('deploymentId (next.config.js)', () => {
  it('is the one the deploy sets', () => {
    expect(id({ BOOTHCAST_DEPLOYMENT_ID: 'release-2026_12_04-abc123' })).toBe('release-2026_12_04-abc123');
  });

  it('refuses one Next.js would refuse or that would bloat every asset URL, saying which variable', () => {
    expect(() => id({ BOOTHCAST_DEPLOYMENT_ID: 'v1.2.3' })).toThrow(/BOOTHCAST_DEPLOYMENT_ID "v1\.2\.3"/u);
    expect(() => id({ BOOTHCAST_DEPLOYMENT_ID: 'a/b' })).toThrow(/letters, digits/u);
    expect(() => id({ BOOTHCAST_DEPLOYMENT_ID: 'x'.repeat(65) })).toThrow(/1 to 64/u);
  });

  it('without one: the package version and a hash of the sources, the same for every node built from them', () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const first = id({});
    expect(first).toMatch(new RegExp(`^${version.replaceAll('.', '-')}-[0-9a-f]{16}$`, 'u'));
    expect(id({ BOOTHCAST_DEPLOYMENT_ID: '' })).toBe(first);
    expect(id({})).toBe(first);
  });
});
