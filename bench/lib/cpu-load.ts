import { readFileSync } from 'node:fs';

/** Jiffies per second of /proc/stat (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

export interface CpuTimes {
  /** Seconds all CPUs spent busy (everything but idle, iowait and steal). */
  readonly busy: number;
  /** Seconds the hypervisor ran something else while a vCPU wanted to run. */
  readonly steal: number;
}

/** The `cpu` line of /proc/stat: user nice system idle iowait irq softirq steal … */
export function parseProcStat(stat: string): CpuTimes {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no cpu line in /proc/stat');
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/u).slice(1).map(Number);
  return { busy: (user + nice + system + irq + softirq) / USER_HZ, steal: (steal ?? 0) / USER_HZ };
}

/** The whole machine's CPU times, or null where there is no /proc/stat. */
export function machineCpuTimes(): CpuTimes | null {
  try {
    return parseProcStat(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return null;
  }
}
