/**
 * `npx tsx bench/storm-ab.ts --before=/path/to/other/checkout [--viewers=5000] [--rounds=2]`: the
 * reconnect storm (bench/storm.ts) of two checkouts of this repository on the same machine in the
 * same minutes, alternating before, after, after, before…, each with its own bare-`ws` baseline, so
 * a change is judged against the same load. Prints one line per side; writes nothing.
 */
import path from 'node:path';
import { fmt } from './fanout';
import { ROOT } from './lib/proc';
import type { StormCase, runStorm as RunStorm } from './storm';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const before = path.resolve(arg('before', ''));
const viewers = Number(arg('viewers', '5000'));
const rounds = Number(arg('rounds', '2'));

async function main(): Promise<void> {
  if (!arg('before', '')) throw new Error('--before=<checkout> is required: another checkout of this repository with its node_modules');
  const trees = { before, after: ROOT };
  const order: ('before' | 'after')[] = [];
  for (let i = 0; i < rounds; i++) order.push(...(i % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const)));
  for (const which of order) {
    const { runStorm } = (await import(path.join(trees[which], 'bench', 'storm.ts'))) as { runStorm: typeof RunStorm };
    const { cases } = await runStorm({ cases: [{ viewers }], settleMs: 2000, log: () => undefined });
    const c: StormCase = cases[0];
    for (const side of [c.ours, c.baseline]) {
      if (!side) continue;
      console.log(
        `${which.padEnd(6)} ${side.server.padEnd(8)} rejoined ${side.rejoined} stranded ${side.stranded} absorbed ${side.absorbedMs === null ? 'never' : fmt(side.absorbedMs / 1000, 2)} s ` +
          `(last ${fmt(side.lastRejoinMs / 1000, 2)} s) p50 ${fmt(side.rejoin.p50, 0)} p99 ${fmt(side.rejoin.p99, 0)} ms; resumed ${side.resumedMessages} messages; ` +
          `server CPU ${fmt(side.serverCpuMs, 0)} ms (${fmt(side.serverCores * 100)} %); others ${fmt(side.otherCores * 100)} %; overflows ${side.listenOverflows ?? 'n/a'}; gaps ${side.gaps}`,
      );
    }
    if (c.error) console.log(`${which} failed: ${c.error}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
