import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../../server/app';
import { loadAssembly } from '../support/assembly';
import { DocClient } from '../support/doc-client';
import { directionOf, languageProblems } from '../support/doc-viewer';
import { connect, connected, startApp, waitFor } from '../support/start-app';

/**
 * Rooms in any set of languages, as a client written from docs/protocol.md sees them: a session in
 * four booths (English, Arabic, French, Russian) and the same session in English only.
 */
let app: Application | undefined;
const clients: { close: () => void }[] = [];
let dataDir: string | undefined;

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await app?.close();
  app = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function startWithSessions() {
  dataDir = mkdtempSync(path.join(tmpdir(), 'boothcast-booths-'));
  mkdirSync(path.join(dataDir, 'transcripts'));
  writeFileSync(path.join(dataDir, 'transcripts', 'assembly.json'), JSON.stringify(loadAssembly()));
  writeFileSync(path.join(dataDir, 'transcripts', 'assembly-en.json'), JSON.stringify({ ...loadAssembly([]), id: 'assembly-en' }));
  // Ten seconds of lookahead: the first segments come with the join answer, no waiting for them.
  app = await startApp({ DATA_DIR: dataDir, DEFAULT_TRANSCRIPT: 'assembly', LOOKAHEAD_MS: '10000' });
  return app;
}

async function viewer(room: string): Promise<DocClient> {
  const client = new DocClient(app!.socketUrl, room);
  clients.push(client);
  await client.connect();
  await client.joined();
  await waitFor(() => client.segments.length >= 3, 20_000, 'three segments');
  return client;
}

describe('rooms in any languages, on the wire', () => {
  it('gives a four-booth room its languages in order, its titles, and segments only in those languages', async () => {
    await startWithSessions();
    const client = await viewer('PRESS');
    const info = client.info!;
    expect(info.languages).toEqual(['en', 'ar', 'fr', 'ru']);
    expect(info.titles).toEqual({ ar: 'جمعية المياه، الجلسة الختامية', fr: "Assemblée de l'eau, séance de clôture", ru: 'Водная ассамблея, заключительное заседание' });
    expect(info.languages.map(directionOf)).toEqual(['ltr', 'rtl', 'ltr', 'ltr']);
    expect(info.speakers.find((s) => s.id === 'novak')!.short).toEqual({ en: 'NOVAK', ar: 'نوفاك', fr: 'NOVAK', ru: 'НОВАК' });
    expect(languageProblems(info, client.segments)).toEqual([]);
    const first = client.segments[0].segment;
    expect(Object.keys(first.text)).toEqual(['en', 'ar', 'fr', 'ru']);
    // Each booth trails the English speaker by its own span: fr 2.5 s, ru 3 s, ar 3.5 s.
    expect(['fr', 'ru', 'ar'].map((l) => first.timing[l].startMs - first.timing.en.startMs)).toEqual([2_500, 3_000, 3_500]);
  });

  it('gives a one-language room one language, and no other lane in any segment', async () => {
    await startWithSessions();
    const presenter = await connected(connect(app!));
    clients.push({ close: () => presenter.disconnect() });
    const created = await presenter.emitWithAck('room:create', { transcriptId: 'assembly-en', autoplay: true });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const client = await viewer(created.data.code);
    expect(client.info!.languages).toEqual(['en']);
    expect(client.info!.titles).toBeUndefined();
    expect(languageProblems(client.info!, client.segments)).toEqual([]);
    for (const { segment } of client.segments) expect(Object.keys(segment.text), segment.id).toEqual(['en']);
  });
});
