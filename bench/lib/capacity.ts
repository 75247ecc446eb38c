import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * How many viewers this machine can hold in one server process: each viewer is one descriptor in
 * the server and one ephemeral port of 127.0.0.1 (its load worker's end of the socket).
 */
export interface CapacityLimits {
  /** `ulimit -n` of the processes the benchmark starts; Infinity when unlimited. */
  readonly fdLimit: number;
  /** Ephemeral ports in ip_local_port_range. */
  readonly ports: number;
}

/** Descriptors the server needs besides its viewers' sockets (listener, inspector, files, epoll). */
export const FD_MARGIN = 512;
/** Ports left for everything else on the machine while the viewers hold theirs. */
export const PORT_MARGIN = 1000;

export function capacityLimits(): CapacityLimits {
  const ulimit = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim();
  const fdLimit = ulimit === 'unlimited' ? Infinity : Number(ulimit);
  const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/u).map(Number);
  return { fdLimit: Number.isNaN(fdLimit) ? Infinity : fdLimit, ports: high - low + 1 };
}

/**
 * The largest viewer count, in whole thousands, up to `target`, that the limits allow, and which
 * limit set it (for the report: a smaller count than the goal's must say why).
 */
export function largestViewerCount(limits: CapacityLimits, target: number): { viewers: number; limitedBy: string } {
  const bounds = [
    { max: target, why: `the goal's ${target} viewers` },
    { max: limits.fdLimit - FD_MARGIN, why: `ulimit -n ${limits.fdLimit}, less ${FD_MARGIN} descriptors for the server itself` },
    { max: limits.ports - PORT_MARGIN, why: `${limits.ports} ephemeral ports (ip_local_port_range), less ${PORT_MARGIN}` },
  ];
  const tightest = bounds.reduce((a, b) => (b.max < a.max ? b : a));
  return { viewers: Math.max(0, Math.floor(tightest.max / 1000) * 1000), limitedBy: tightest.why };
}
