import { readFileSync } from 'node:fs';

/**
 * The kernel's count of connections dropped because a listening socket's accept queue was full
 * (TcpExt ListenOverflows in /proc/net/netstat): whole-machine, so other processes' listeners
 * count too. A dropped handshake completes only when a retransmission timer fires, after 1 s at
 * first, doubling each time: a few overflows show as whole seconds of connection time.
 */
export function listenOverflows(): number | null {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'));
    const names = lines[0].split(/\s+/u);
    const values = lines[1].split(/\s+/u);
    const value = Number(values[names.indexOf('ListenOverflows')]);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}
