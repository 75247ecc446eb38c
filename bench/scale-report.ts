import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fmt } from './fanout';
import type { Machine } from './lib/machine';
import type { ScaleResult } from './scale50k';

/** Writes `<date>-scale<viewers>.json` and `.md`: the scale-out run on its own (bench/README.md, Scale-out). */
export function writeScaleResults(dir: string, date: string, command: string, machine: Machine, r: ScaleResult): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${date}-scale${r.viewers}`);
  writeFileSync(`${base}.json`, `${JSON.stringify({ date, command, machine, scale: r }, null, 2)}\n`);
  const pct = (cores: number) => fmt(cores * 100);
  const share = (cores: number) => fmt((cores / machine.nproc) * 100);
  const l = r.lateness;
  const md = [
    `# Boothcast scale-out, ${date}: ${r.joined} viewers on one machine`,
    '',
    `\`${command}\`. Machine: ${machine.nproc} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node.js ${machine.node}, ${machine.kernel}, ulimit -n ${machine.openFilesLimit}; load average ${r.loadAverage.start.map((x) => x.toFixed(2)).join(' ')} at the start, ${r.loadAverage.end.map((x) => x.toFixed(2)).join(' ')} at the end (other engineers share the machine).`,
    '',
    `One deployment on the Redis design: one redis-server, ${r.nodes} socket-serving server processes (\`SERVE_PAGES=0\`, \`REDIS_URL\`; each below the 20,000 open files a process may hold), ${r.workers} load-worker processes of raw Engine.IO/Socket.IO WebSocket viewers, worker *w* connecting to server *w* mod ${r.nodes} from source address ${r.sourceAddresses[0]} + *w* (${r.sourceAddresses.join(', ')}), so that no address runs out of ephemeral ports. ${r.rooms} rooms (\`PRESS\` and 100 opened with \`room:create\` and sought to the bench rooms' fixed phases), viewers dealt round-robin; the press conference (\`vienna-2015-11-14\`) at its real pace (\`CLOCK_SPEED=1\`), lookahead ${r.lookaheadMs} ms. Memory after a full GC in every server process, before and after connecting; then a window of ${fmt(r.windowMs / 1000)} s.`,
    '',
    '## Goals',
    '',
    '| metric | measured | goal | met |',
    '|---|---:|---|---|',
    `| viewers joined (of ${r.viewers}) | ${r.joined} (${r.failed} failed${r.firstError ? `: ${r.firstError}` : ''}) | ${r.viewers} | ${r.joined === r.viewers ? 'yes' : 'NO'} |`,
    `| captions late with the ${r.lookaheadMs} ms lookahead (of ${r.delivered} delivered) | ${r.late} | 0 | ${r.late === 0 && r.delivered > 0 ? 'yes' : 'NO'} |`,
    `| gaps on the raw wire | ${r.gaps} | 0 | ${r.gaps === 0 ? 'yes' : 'NO'} |`,
    `| duplicates on the raw wire | ${r.duplicates} | 0 | ${r.duplicates === 0 ? 'yes' : 'NO'} |`,
    '',
    '## CPU in the window',
    '',
    `% of one core, and share of the machine's ${machine.nproc} cores.`,
    '',
    '| process | pid | sockets | % of a core | share of the machine |',
    '|---|---:|---:|---:|---:|',
    ...r.processes.map((p) => `| ${p.role} | ${p.pid} | ${p.viewers ?? ''} | ${pct(p.cores)} | ${share(p.cores)} % |`),
    `| **server processes together** | | ${r.processes.reduce((n, p) => n + (p.viewers ?? 0), 0)} | **${pct(r.serverCores)}** | **${share(r.serverCores)} %** |`,
    `| load generator (${r.workers} workers) | | | ${pct(r.loadgenCores)} | ${share(r.loadgenCores)} % |`,
    `| the deployment (servers + Redis) | | | ${pct(r.serverCores + r.redisCores)} | ${share(r.serverCores + r.redisCores)} % |`,
    `| whole machine busy | | | ${pct(r.machineCores)} | ${share(r.machineCores)} % |`,
    `| other processes (not this benchmark) | | | ${pct(r.otherCores)} | ${share(r.otherCores)} % |`,
    '',
    '## Memory',
    '',
    `Per viewer over all server processes: heap ${fmt(r.heapPerViewerBytes / 1024, 2)} KiB, RSS ${fmt(r.rssPerViewerBytes / 1024, 2)} KiB.`,
    '',
    '| server | heap before MiB | heap after MiB | RSS before MiB | RSS after MiB | sockets |',
    '|---|---:|---:|---:|---:|---:|',
    ...r.memory.map((m, n) => `| ${n + 1} | ${fmt(m.before.heapUsed / 2 ** 20)} | ${fmt(m.after.heapUsed / 2 ** 20)} | ${fmt(m.before.rss / 2 ** 20)} | ${fmt(m.after.rss / 2 ** 20)} | ${m.after.sockets} |`),
    '',
    '## Captions',
    '',
    `${r.delivered} captions delivered in the window; lateness (received − due; negative is lead) p50 ${fmt(l.p50)} ms, p99 ${fmt(l.p99)} ms, max ${fmt(l.max)} ms, min ${fmt(l.min)} ms; late ${r.late}; gaps ${r.gaps}; duplicates ${r.duplicates}; stale (another epoch) ${r.stale}; sockets closed in the window ${r.dropped}. The busiest load worker's event-loop delay p99: ${fmt(r.loadgenLoopDelayP99Ms)} ms. Connecting took ${fmt(r.connectMs / 1000)} s.`,
    '',
  ].join('\n');
  writeFileSync(`${base}.md`, md);
  return { json: `${base}.json`, md: `${base}.md` };
}
