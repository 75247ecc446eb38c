'use client';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { CaptionSegment, Lang, RoomSnapshot } from '../../../server/protocol';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { forgetSecret, readSecret, subscribeSecrets } from '../../lib/presenter/secret-store';
import { usePresenterRoom, type PresenterRoom } from '../../lib/presenter/use-presenter-room';
import { ConsoleLayout } from './console-layout';

export interface ConsoleProps {
  readonly lang: UiLang;
  readonly code: string;
  readonly title: string;
  readonly titleLang: Lang;
  readonly initial: RoomSnapshot;
  /** Every segment of the transcript, for the timeline and the transcript list. */
  readonly segments: readonly CaptionSegment[];
  readonly joinUrl: string;
  /** This site's origin as the presenter reached it, for the embed snippet. */
  readonly origin: string;
  readonly qrSvg: string;
  /**
   * How far the join address reaches: `public` (PUBLIC_URL or the address the presenter used),
   * `lan` (the console is at localhost; this machine's network address is used, `others` are its
   * other join addresses), `local-only` (nothing but localhost: phones cannot open it).
   */
  readonly reach: { readonly kind: 'public' | 'local-only' } | { readonly kind: 'lan'; readonly others: readonly string[] };
}

/**
 * The presenter console. The secret is read from this tab's sessionStorage after hydration (the
 * server never sees it); with it the console connects as the room's presenter, without it (or
 * once it is refused) it asks for it.
 */
export function PresenterConsole(props: ConsoleProps) {
  const secret = useSyncExternalStore(
    subscribeSecrets,
    () => readSecret(props.code),
    () => undefined,
  );
  const [refused, setRefused] = useState(false);
  const onRefused = useCallback(() => {
    setRefused(true);
    forgetSecret(props.code);
  }, [props.code]);
  if (typeof secret === 'string') return <ConnectedConsole {...props} secret={secret} onRefused={onRefused} />;
  return <ConsoleLayout {...props} gate={secret === undefined ? 'checking' : refused ? 'refused' : 'missing'} />;
}

function ConnectedConsole({ secret, onRefused, ...props }: ConsoleProps & { secret: string; onRefused: () => void }) {
  const room: PresenterRoom = usePresenterRoom(props.code, secret, props.initial, props.segments);
  const refused = room.state.connection === 'forbidden';
  useEffect(() => {
    if (refused) onRefused();
  }, [refused, onRefused]);
  return <ConsoleLayout {...props} room={room} />;
}
