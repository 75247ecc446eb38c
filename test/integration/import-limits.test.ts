import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { isMainThread } from 'node:worker_threads';
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
 * parsed one per turn (server/transcript/worker/). The issue's goal is /healthz within 100 ms;
 * on a 2-core machine that other programs load, this process waits for a core for longer than
 * that with no import at all (the control row of the table). So what is asserted is the part of
 * each wait in which the loop was running, held by work (its thread's CPU time, loopCpuMs): at
 * most LOOP_HELD_LIMIT_MS. The wall times are printed beside it (docs/reliability.md, "Imports").
 */
const TIME_BUDGET_MS = 10_000; // shorter than the server's 20 s so the suite stays quick; the same limit is at work
/** Answering takes the import plus parsing the multipart body and keeping the transcript. */
const ANSWER_SLACK_MS = 3_000;
/**
 * How long the loop may be held by work while /healthz waits or a caption is overdue, in ms. The
 * issue's 100 ms, less room for what else a turn of the loop does: with the import off the loop,
 * the worst measured was about 20 ms (load 10 on 2 cores); with its multipart parse, structured
 * clone and stringify on the loop, 60 to 80 ms for the 2 MiB sentence and word.
 */
const LOOP_HELD_LIMIT_MS = 50;
/** The control window: the same measures for this long with nothing imported, to show what the machine itself does. */
const CONTROL_MS = 3_000;
/** How far ahead of its due time a caption is sent, in real ms (LOOKAHEAD_MS, 1 s of room time, at CLOCK_SPEED). */
const SENT_AHEAD_MS = 100;
const HEALTHZ_EVERY_MS = 25;
const NEAR_LIMIT = MAX_SOURCE_BYTES - 64 * 1024;
/**
 * The default room plays ten times faster, so that a caption is due every second or so and the
 * lookahead that hides fan-out (LOOKAHEAD_MS, 1 s of room time) is 100 ms of real time: a caption
 * arrives after its due time only if the event loop stalled for longer than /healthz may take.
 */
const CLOCK_SPEED = 10;

let app: Application;
let viewer: DocClient;
const HOST = 'boothcast.test:3000';
let addresses = 0;

beforeAll(async () => {
  // loopCpuMs reads the main thread's CPU time: the server must run there.
  expect(isMainThread).toBe(true);
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
  rows.push({ input: 'nothing (control)', bytes: 0, status: NaN, answer: '', answerMs: CONTROL_MS, ...worst(control) });
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
  worstLatenessHeldMs: number;
  worstHealthzHeldMs: number;
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

/**
 * The CPU time of the thread that runs the server's event loop (and this test: vitest's forks
 * pool runs a test file on a process's main thread), in ms: Linux's schedstat, nanoseconds on a
 * CPU. It tells a loop held by work from a process the machine did not run: a stall in which
 * this thread was on a CPU for less than its length was spent waiting for a core.
 */
function loopCpuMs(): number {
  return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
}

interface Watched<T> {
  value: T;
  /** Per caption: how late it arrived (arrival minus due time, by the room clock), and how much of that the loop was held by work. */
  lateness: { lateMs: number; heldMs: number }[];
  /** Per /healthz poll: how long it waited, and how much of that the loop was held by work. */
  healthz: { waitMs: number; heldMs: number }[];
}

/** While `work` runs: how late the viewer got each caption and how long /healthz took; each, and how much of it the loop was busy. */
async function watch<T>(work: () => Promise<T>): Promise<Watched<T>> {
  // The loop's CPU time every few ms, so that the CPU time of any span can be looked up.
  const samples: { at: number; cpuMs: number }[] = [{ at: performance.now(), cpuMs: loopCpuMs() }];
  const ticker = setInterval(() => samples.push({ at: performance.now(), cpuMs: loopCpuMs() }), 5);
  /** The loop's CPU time from `from` until now (from the last sample at or before `from`: at most a few ms more). */
  const busySince = (from: number) => loopCpuMs() - (samples.findLast((sample) => sample.at <= from) ?? samples[0]!).cpuMs;

  const lateness: Watched<T>['lateness'] = [];
  const onSegment = (m: { epoch: number; dueMs: number }) => {
    const clock = viewer.clock as unknown as { epoch: number; positionMs: number; anchorAtMs: number; rate: number; status: string } | undefined;
    if (!clock || clock.epoch !== m.epoch || clock.status !== 'playing') return;
    // In real ms: positive when the caption arrived after it was due.
    const lateMs = (app.time.now() - (clock.anchorAtMs + (m.dueMs - clock.positionMs) / clock.rate)) / CLOCK_SPEED;
    // It was to be sent SENT_AHEAD_MS before it was due: what held it is the loop's work since then, less that lead.
    const heldMs = Math.min(lateMs, busySince(performance.now() - lateMs - SENT_AHEAD_MS) - SENT_AHEAD_MS);
    lateness.push({ lateMs, heldMs });
  };
  viewer.socket.on('caption:segment', onSegment);
  // Each poll's wait counts from when it should have started: a stall during the pause between
  // two polls delays the next one, and a client would have waited that long too.
  const times: Watched<T>['healthz'] = [];
  let polling = true;
  const poll = (async () => {
    let due = performance.now();
    while (polling) {
      const late = performance.now() - due;
      const waitMs = late + (await healthz(app.url));
      times.push({ waitMs, heldMs: Math.min(waitMs, busySince(due)) });
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
    clearInterval(ticker);
    viewer.socket.off('caption:segment', onSegment);
  }
}

/** The worst of each measure, in whole ms (NaN when no caption was due). */
function worst(watched: Omit<Watched<unknown>, 'value'>): Pick<Row, 'captions' | 'worstLatenessMs' | 'worstHealthzMs' | 'worstLatenessHeldMs' | 'worstHealthzHeldMs'> {
  const max = (values: number[]) => (values.length > 0 ? Math.round(Math.max(...values)) : NaN);
  return {
    captions: watched.lateness.length,
    worstLatenessMs: max(watched.lateness.map((l) => l.lateMs)),
    worstHealthzMs: max(watched.healthz.map((h) => h.waitMs)),
    worstLatenessHeldMs: max(watched.lateness.map((l) => l.heldMs)),
    worstHealthzHeldMs: max(watched.healthz.map((h) => h.heldMs)),
  };
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
          ...worst({ lateness, healthz: times }),
        });
        expect(Buffer.byteLength(content)).toBeLessThanOrEqual(MAX_SOURCE_BYTES);
        // Imported; or stopped at the time budget or memory cap (422); or refused for having more
        // segments than one transcript may (400, a `too-large` problem). Refused: nothing kept.
        expect([201, 422, 400]).toContain(response.status);
        if (response.status === 422) expect(body.error).toMatch(/^import-(time|memory)-limit$/u);
        if (response.status === 400) expect(body.problems?.map((p) => p.code)).toEqual(['too-large']);
        if (response.status !== 201) expect(app.registry.list().length).toBe(roomsBefore);
        expect(answerMs).toBeLessThanOrEqual(TIME_BUDGET_MS + ANSWER_SLACK_MS);
        // Neither a caption nor /healthz waited on the loop for long: what waits longer waited for a core.
        for (const { heldMs } of lateness) expect(heldMs).toBeLessThanOrEqual(LOOP_HELD_LIMIT_MS);
        for (const { heldMs } of times) expect(heldMs).toBeLessThanOrEqual(LOOP_HELD_LIMIT_MS);
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
