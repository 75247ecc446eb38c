import type { PlaybackStatus } from '../../server/protocol';
import type { ConnectionStatus } from '../lib/viewer-state';

const TEXT: Record<ConnectionStatus | 'paused' | 'ended', string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  paused: 'Paused by presenter',
  ended: 'Ended',
};

/** Always-visible connection and playback state, announced when it changes. */
export function ConnectionBadge({ connection, playback }: { connection: ConnectionStatus; playback?: PlaybackStatus }) {
  const state = connection === 'live' && playback && playback !== 'playing' ? playback : connection;
  const dot = state === 'live' ? 'bg-green-400' : state === 'offline' ? 'bg-red-400' : 'bg-yellow-300';
  return (
    <span role="status" className="inline-flex items-center gap-2 rounded-full bg-neutral-800 px-3 py-1 text-sm text-white" data-testid="connection">
      <span aria-hidden="true" className={`h-2.5 w-2.5 rounded-full ${dot}`} />
      {TEXT[state]}
    </span>
  );
}
