import { parseSettings, type ViewerSettings } from '../../lib/viewer-settings';

/**
 * The embed's postMessage API. Out: `{ source: 'boothcast', type: 'ready' | 'caption' | 'state', … }`.
 * In: `{ type: 'boothcast:set', lang?, theme?, size?, rows?, labels? }` from the host page; anything
 * else is ignored, and values are checked like URL parameters.
 */
export type EmbedMessage =
  | { source: 'boothcast'; type: 'ready'; room: string; protocolVersion: number }
  | { source: 'boothcast'; type: 'caption'; room: string; lang: string; segmentId: string; speaker: string; text: string; interpreted: boolean }
  | { source: 'boothcast'; type: 'state'; room: string; connection: string; status: string; rate: number };

const SETTABLE = ['lang', 'lead', 'theme', 'size', 'rows', 'labels', 'bg'] as const;

export function settingsFromHost(data: unknown, current: ViewerSettings): ViewerSettings | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  if (message.type !== 'boothcast:set') return undefined;
  const params: Record<string, string> = {};
  for (const key of SETTABLE) {
    const value = message[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') params[key] = String(value === true ? 1 : value === false ? 0 : value);
  }
  return parseSettings(params, current);
}
