import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script read by next.config.js
import { deploymentId } from '../../scripts/deployment-id.mjs';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * Two nodes of one release (the same build, as every node built from the same sources is) serve
 * pages whose assets carry the release's deployment id: a page loaded from one node loads its
 * scripts from the other, and the id is the one next.config.js computes (scripts/deployment-id.mjs).
 */
const nodes: ServerProcess[] = [];

beforeAll(async () => {
  for (let i = 0; i < 2; i++) nodes.push(await startServerProcess());
}, 120_000);

afterAll(async () => {
  for (const node of nodes.splice(0)) await node.stop();
});

const assets = (html: string) => [...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/gu)].map((m) => m[1].replaceAll('&amp;', '&'));

describe('deploymentId', () => {
  it("every asset URL of a page carries ?dpl=<the release's id>, and the other node serves them", async () => {
    const id = (deploymentId as () => string)();
    const [a, b] = nodes;
    const page = await fetch(`${a.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`data-dpl-id="${id}"`);
    const urls = assets(html);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(new URL(url, a.url).searchParams.get('dpl'), url).toBe(id);
    // The other node's page names the same assets, and serves every one of the first node's.
    expect(assets(await (await fetch(`${b.url}/`)).text()).sort()).toEqual([...urls].sort());
    for (const url of urls) expect((await fetch(new URL(url, b.url))).status, url).toBe(200);
  });
});
