import { describe, expect, it } from 'vitest';
import { serverAndBrowserForFile } from '../support/e2e-server';

const e2e = serverAndBrowserForFile();

const HOSTILE = 'MR SMITH: Hello <script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2"> & "quotes" world.\n';

describe('transcript text that contains HTML or script', () => {
  it('renders as text everywhere: viewer, transcript page, embed and exports, and never runs', async () => {
    const form = new FormData();
    form.append('files', new Blob([HOSTILE], { type: 'text/plain' }), 'hostile.txt');
    const created = await fetch(`${e2e.server().url}/api/rooms`, { method: 'POST', body: form, headers: { origin: e2e.server().url } });
    expect(created.status).toBe(201);
    const { code } = (await created.json()) as { code: string };

    const context = await e2e.browser().newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${e2e.server().url}/watch/${code}`);
    const lane = page.getByTestId('lane-en');
    await expect.poll(() => lane.textContent(), { timeout: 20_000 }).toContain('<script>window.__pwned = 1</script>');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await lane.locator('script, img').count()).toBe(0);

    const transcriptId = (await page.evaluate(() => document.querySelector('a[href^="/transcript/"]')?.getAttribute('href')))!;
    await page.goto(`${e2e.server().url}${transcriptId}`);
    await expect.poll(() => page.getByTestId('transcript-lines').textContent()).toContain('<img src=x onerror=');
    expect(await page.getByTestId('transcript-lines').locator('script, img').count()).toBe(0);

    await page.goto(`${e2e.server().url}/embed/${code}`);
    await expect.poll(async () => (await page.locator('[data-lane="en"]').textContent()) ?? '', { timeout: 20_000 }).toContain('<script>');
    expect(await page.locator('[data-lane] script, [data-lane] img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);

    const vtt = await (await fetch(`${e2e.server().url}/api${transcriptId.replace('/transcript/', '/transcripts/')}/captions.vtt?lang=en`)).text();
    expect(vtt).toContain('&lt;script&gt;');
    expect(vtt).not.toContain('<script>');
    await context.close();
  });
});
