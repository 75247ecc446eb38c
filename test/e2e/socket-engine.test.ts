import { describe, expect, it } from 'vitest';
import { serverAndBrowserForFile } from '../support/e2e-server';

// SOCKET_ENGINE=uws without a reverse proxy: the browser knows one URL, the pages' port, which
// passes /socket.io/ on to the sockets' own port.
const e2e = serverAndBrowserForFile({ SOCKET_ENGINE: 'uws', SOCKET_PORT: '0' });

describe('SOCKET_ENGINE=uws in a real browser', () => {
  it('the viewer and the embed go live through the pages’ port and their captions keep coming', { timeout: 120_000 }, async () => {
    const server = e2e.server();
    expect(server.socketUrl).not.toBe(server.url);
    for (const [path, lane] of [
      ['/watch/PRESS', '[data-testid="lane-en"]'],
      ['/embed/PRESS', '[data-lane="en"]'],
    ] as const) {
      const page = await e2e.browser().newPage({ viewport: { width: 1000, height: 600 } });
      const errors: string[] = [];
      // WebSockets that carried a caption (one that only tried to open proves nothing).
      const sockets = new Set<string>();
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('websocket', (socket) =>
        socket.on('framereceived', ({ payload }) => {
          if (String(payload).includes('"caption:segment"')) sockets.add(socket.url());
        }),
      );
      await page.goto(`${server.url}${path}`);
      const text = async () => ((await page.locator(lane).textContent()) ?? '').trim();
      await expect.poll(async () => (await text()).length, { timeout: 20_000 }).toBeGreaterThan(0);
      // Live: the English lane shows new words, which only the socket brings.
      const first = await text();
      await expect.poll(text, { timeout: 20_000 }).not.toBe(first);
      // Segments come every few seconds (a long answer or the pause before a loop takes longer).
      await expect.poll(() => sockets.size, { timeout: 40_000 }).toBeGreaterThan(0);
      const urls = [...sockets];
      expect(urls.every((url) => url.startsWith(`${server.url.replace('http', 'ws')}/socket.io/`)), `${path}: ${urls.join(', ')}`).toBe(true);
      expect(errors, path).toEqual([]);
      await page.close();
    }
  });
});
