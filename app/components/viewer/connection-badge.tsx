import type { PlaybackStatus } from '../../../server/protocol';
import type { ViewerText } from '../../lib/i18n/viewer';
import type { ConnectionStatus } from '../../lib/viewer-state';

/** Always-visible connection and playback state, announced politely when it changes. */
export function ConnectionBadge({ connection, playback, text }: { connection: ConnectionStatus; playback?: PlaybackStatus; text: ViewerText }) {
  const state = connection === 'live' && playback && playback !== 'playing' ? playback : connection;
  const label = { connecting: text.connecting, live: text.live, reconnecting: text.reconnecting, offline: text.offline, paused: text.paused, ended: text.ended }[state];
  const dot = state === 'live' ? 'bg-green-500' : state === 'offline' ? 'bg-red-500' : 'bg-yellow-400';
  return (
    <span
      role="status"
      className="inline-flex items-center gap-2 rounded-full border border-[var(--muted-fg)] px-3 py-1 text-sm"
      data-testid="connection"
      data-state={state}
    >
      <span aria-hidden="true" className={`h-2.5 w-2.5 rounded-full ${dot}`} />
      {label}
    </span>
  );
}
