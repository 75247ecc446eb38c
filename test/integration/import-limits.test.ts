import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '../../app/api/rooms/route';
import type { Application } from '../../server/app';
import { MAX_SOURCE_BYTES } from '../../server/transcript/import-upload';
import { DocClient } from '../support/doc-client';
import { startApp } from '../support/start-app';

/**
 * Pathological uploads against the real server: each is imported (201), refused at its time
 * budget or memory cap (422) or for its size (400) within the budget, while a viewer of the
 * default room keeps getting captions and `/healthz` keeps answering. The server and this test
 * share one event loop, so an import run on it would show in both measures (seconds to tens of
 * seconds for these inputs).
 *
 * Nothing of an import runs on that loop any more: the multipart body is parsed in the import
 * worker, which also serialises the file to keep, and the transcript comes back as slices of JSON
 * parsed one per turn (server/transcript/worker/). So both measures are held to the issue's
 * 100 ms. On a 2-core machine vitest runs one test file at a time (maxWorkers is the cores less
 * one); when other programs load the cores, this process can be starved past 100 ms with no
 * import at all, so a control window without one sets the bound for such a run (CONTROL_MS;
 * docs/reliability.md, "Imports").
 */
const TIME_BUDGET_MS = 10_000; // shorter than the server's 20 s so the suite stays quick; the same limit is at work
/** Answering takes the import plus parsing the multipart body and keeping the transcript. */
const ANSWER_SLACK_MS = 3_000;
/** The issue's bound for /healthz, and for how late a caption may arrive (a stall of twice that). */
const STALL_LIMIT_MS = 100;
/**
 * How long the control window lasts, in ms: the same two measures while nothing is imported,
 * for as long as the slowest import here takes. On a machine whose other programs starve this
 * process (a shared 2-core box under load 5 saw an idle loop answer /healthz in 140 ms), the
 * bound for the run is what that idle loop showed, never less than STALL_LIMIT_MS.
 */
const CONTROL_MS = 3_000;
const HEALTHZ_EVERY_MS = 25;
const NEAR_LIMIT = MAX_SOURCE_BYTES - 64 * 1024;
/**
 * The default room plays ten times faster, so that a caption is due every second or so and the
 * lookahead that hides fan-out (LOOKAHEAD_MS, 1 s of room time) is 100 ms of real time: a caption
 * arrives after its due time only if the event loop stalled for longer than /healthz may take.
 */
const CLOCK_SPEED = 10;

let app: Application;
/** STALL_LIMIT_MS, or the idle loop's worst in this run if the machine is slower than that. */
let stallLimitMs = STALL_LIMIT_MS;
let viewer: DocClient;
const HOST = 'boothcast.test:3000';
let addresses = 0;

beforeAll(async () => {
  app = await startApp({ CLOCK_SPEED: String(CLOCK_SPEED) }, { importLimits: { timeBudgetMs: TIME_BUDGET_MS, memoryMb: 512, running: 1, waiting: 4 } });
  viewer = new DocClient(app.socketUrl, 'PRESS');
  await viewer.connect();
  await viewer.joined();
  // One ordinary upload first: a process's first request loads and compiles the route, the
  // multipart parser and the importers (here and in the worker), once, for 100 to 250 ms; what
  // is measured below is what each import costs the event loop, not that start.
  const warm = await upload(await encode('warm.srt', '1\n00:00:01,000 --> 00:00:03,000\nKERRY: Thank you.\n'));
  expect(warm.status).toBe(201);
  await healthz(app.url);
  const control = await watch(() => new Promise((resolve) => setTimeout(resolve, CONTROL_MS)));
  const idleWorst = Math.max(...control.healthz, ...control.lateness);
  stallLimitMs = Math.max(STALL_LIMIT_MS, Math.ceil(idleWorst));
  rows.push({
    input: 'nothing (control)',
    bytes: 0,
    status: NaN,
    answer: `limit ${stallLimitMs} ms`,
    answerMs: CONTROL_MS,
    captions: control.lateness.length,
    worstLatenessMs: control.lateness.length > 0 ? Math.round(Math.max(...control.lateness)) : NaN,
    worstHealthzMs: Math.round(Math.max(...control.healthz)),
  });
});
afterAll(async () => {
  viewer?.socket.disconnect();
  await app?.close();
});

function srtTime(ms: number): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(Math.floor(ms / 3_600_000))}:${p(Math.floor(ms / 60_000) % 60)}:${p(Math.floor(ms / 1000) % 60)},${p(ms % 1000, 3)}`;
}
const vttTime = (ms: number) => srtTime(ms).replace(',', '.');
const oneCue = (text: string) => `1\n00:00:01,000 --> 02:00:00,000\n${text}\n`;
/** `unit` repeated until the text is just under the upload limit. */
const fill = (unit: string, size = NEAR_LIMIT) => unit.repeat(Math.max(1, Math.floor(size / Buffer.byteLength(unit))));

const word = fc.stringMatching(/^[a-zA-Zа-яА-Я]{1,12}$/u);
const mark = fc.constantFrom('', ',', '"', '«', '»', '(', ')', '—', '...', '<', '&amp;');

/** The inputs of the issue, each family generated: a recipe, built when run (a counterexample prints as its recipe, not 2 MiB). */
const FAMILIES = {
  'one 2 MiB sentence': fc.array(fc.tuple(word, mark), { minLength: 1, maxLength: 30 }).map((ws) => () => ({
    name: 'sentence.srt',
    content: oneCue(fill(`${ws.map(([w, m]) => `${w}${m}`).join(' ')} `).trim() + '.'),
  })),
  'one 2 MiB word': fc.string({ unit: fc.constantFrom('a', 'Я', '.', ',', '"', '»', '-', '<', '&', '𝐀'), minLength: 1, maxLength: 8 }).map((unit) => () => ({
    name: 'word.srt',
    content: oneCue(fill(unit)),
  })),
  // WebVTT, whose cues need no number: 50,000 of them fit under the limit.
  '50,000 one-word cues': fc.tuple(fc.stringMatching(/^[a-zA-Z]{1,4}$/u), fc.boolean()).map(([w, stop]) => () => {
    const cues: string[] = ['WEBVTT\n'];
    for (let i = 0; i < 50_000; i++) cues.push(`${vttTime(1_000 + i * 500)} --> ${vttTime(1_400 + i * 500)}\n${w}${stop ? '.' : ''}\n`);
    return { name: 'cues.vtt', content: cues.join('\n') };
  }),
  'deeply nested markup': fc.tuple(fc.array(fc.constantFrom('b', 'i', 'u', 'c.loud', 'v Kerry', 'lang en', 'ruby'), { minLength: 1, maxLength: 5 }), fc.boolean()).map(([tags, closed]) => () => {
    const open = tags.map((t) => `<${t}>`).join('');
    const close = closed ? tags.map((t) => `</${t.split(/[ .]/u)[0]}>`).reverse().join('') : '';
    const depth = Math.floor(NEAR_LIMIT / 2 / (open.length + close.length || 1));
    return { name: 'nested.vtt', content: `WEBVTT\n\n00:00:01.000 --> 01:00:00.000\n${open.repeat(depth)}Hello.${close.repeat(depth)}\n` };
  }),
  '100,000 speaker changes': fc.tuple(fc.uniqueArray(fc.stringMatching(/^[A-Z]{2,4}$/u), { minLength: 2, maxLength: 4 }), fc.stringMatching(/^[a-z]{1,4}$/u)).map(([names, w]) => () => {
    const turns: string[] = [];
    for (let i = 0; i < 100_000; i++) turns.push(`${names[i % names.length]}: ${w}.`);
    return { name: 'turns.txt', content: turns.join('\n\n') };
  }),
} as const;

interface Row {
  input: string;
  bytes: number;
  status: number;
  answer: string;
  answerMs: number;
  captions: number;
  worstLatenessMs: number;
  worstHealthzMs: number;
}
const rows: Row[] = [];

/** The multipart body, encoded before anything is measured: a browser does this, not the server. */
async function encode(name: string, content: string): Promise<{ body: Uint8Array; type: string }> {
  const form = new FormData();
  form.append('files', new Blob([content]), name);
  const encoded = new Response(form);
  return { body: new Uint8Array(await encoded.arrayBuffer()), type: encoded.headers.get('content-type')! };
}

function upload({ body, type }: { body: Uint8Array; type: string }): Promise<Response> {
  return POST(
    new Request(`http://${HOST}/api/rooms`, {
      method: 'POST',
      body: body as BodyInit,
      headers: { host: HOST, origin: `http://${HOST}`, 'content-type': type, 'x-forwarded-for': `198.51.100.${++addresses}` },
    }),
  );
}

function healthz(url: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    request(`${url}/healthz`, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - started));
    })
      .on('error', reject)
      .end();
  });
}

/** While `work` runs: how late the viewer got each caption (arrival minus due time, by the room clock) and how long /healthz took. */
async function watch<T>(work: () => Promise<T>): Promise<{ value: T; lateness: number[]; healthz: number[] }> {
  const lateness: number[] = [];
  const onSegment = (m: { epoch: number; dueMs: number }) => {
    const clock = viewer.clock as unknown as { epoch: number; positionMs: number; anchorAtMs: number; rate: number; status: string } | undefined;
    if (!clock || clock.epoch !== m.epoch || clock.status !== 'playing') return;
    // In real ms: positive when the caption arrived after it was due.
    lateness.push((app.time.now() - (clock.anchorAtMs + (m.dueMs - clock.positionMs) / clock.rate)) / CLOCK_SPEED);
  };
  viewer.socket.on('caption:segment', onSegment);
  // Each poll's wait counts from when it should have started: a stall during the pause between
  // two polls delays the next one, and a client would have waited that long too.
  const times: number[] = [];
  let polling = true;
  const poll = (async () => {
    let due = performance.now();
    while (polling) {
      const late = performance.now() - due;
      times.push(late + (await healthz(app.url)));
      due = performance.now() + HEALTHZ_EVERY_MS;
      await new Promise((r) => setTimeout(r, HEALTHZ_EVERY_MS));
    }
  })();
  try {
    const value = await work();
    return { value, lateness, healthz: times };
  } finally {
    polling = false;
    await poll;
    viewer.socket.off('caption:segment', onSegment);
  }
}

describe('pathological imports are bounded and off the event loop', () => {
  it.each(Object.keys(FAMILIES) as (keyof typeof FAMILIES)[])('%s: imported or refused within the budget; captions and /healthz on time', async (family) => {
    await fc.assert(
      fc.asyncProperty(FAMILIES[family], async (make) => {
        const { name, content } = make();
        const encoded = await encode(name, content);
        const roomsBefore = app.registry.list().length;
        const started = performance.now();
        const { value: response, lateness, healthz: times } = await watch(() => upload(encoded));
        const answerMs = performance.now() - started;
        const body = (await response.json()) as { error?: string; message?: string; problems?: { code: string }[] };
        rows.push({
          input: family,
          bytes: Buffer.byteLength(content),
          status: response.status,
          answer: response.status === 201 ? 'imported' : `${body.error}${body.problems ? ` (${body.problems.map((p) => p.code).join(', ')})` : ''}`,
          answerMs: Math.round(answerMs),
          captions: lateness.length,
          worstLatenessMs: lateness.length > 0 ? Math.round(Math.max(...lateness)) : NaN,
          worstHealthzMs: Math.round(Math.max(...times)),
        });
        expect(Buffer.byteLength(content)).toBeLessThanOrEqual(MAX_SOURCE_BYTES);
        // Imported; or stopped at the time budget or memory cap (422); or refused for having more
        // segments than one transcript may (400, a `too-large` problem). Refused: nothing kept.
        expect([201, 422, 400]).toContain(response.status);
        if (response.status === 422) expect(body.error).toMatch(/^import-(time|memory)-limit$/u);
        if (response.status === 400) expect(body.problems?.map((p) => p.code)).toEqual(['too-large']);
        if (response.status !== 201) expect(app.registry.list().length).toBe(roomsBefore);
        expect(answerMs).toBeLessThanOrEqual(TIME_BUDGET_MS + ANSWER_SLACK_MS);
        // A caption is sent 100 ms (real time) ahead: late at all means the loop stalled for longer.
        for (const late of lateness) expect(late).toBeLessThanOrEqual(stallLimitMs);
        expect(Math.max(...times)).toBeLessThanOrEqual(stallLimitMs);
      }),
      // One input per family (each is 1–2 MiB and takes seconds); no shrinking, which would rerun it.
      { numRuns: 1, endOnFailure: true, seed: Number(process.env.IMPORT_SEED ?? Date.now()) },
    );
  });

  afterAll(() => {
    console.log('imports measured (one run per family):');
    console.table(rows);
  });
});
