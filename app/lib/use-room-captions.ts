'use client';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { CaptionSegment, RoomSnapshot } from '../../server/protocol';
import { connectRoom, type RoomConnection } from './room-connection';
import { createSocket } from './socket';
import { stateFromSnapshot, viewerReducer, type ViewerState } from './viewer-state';

export interface RoomCaptions {
  readonly state: ViewerState;
  /** Estimated server time minus client time; 0 until the first sync. */
  readonly offsetMs: number;
  readonly synced: boolean;
  /** Adds the transcript fetched over HTTP to the scrollback (use-scrollback.ts). */
  readonly addTranscript: (epoch: number, segments: readonly CaptionSegment[]) => void;
}

/** Joins a room over Socket.IO and keeps its captions and clock, rejoining after any drop. */
export function useRoomCaptions(code: string, initial: RoomSnapshot): RoomCaptions {
  const [state, dispatch] = useReducer(viewerReducer, { mode: 'snapshot', snapshot: initial } as const, stateFromSnapshot);
  const [offset, setOffset] = useState<{ offsetMs: number; synced: boolean }>(() => ({
    // Until the first round trip, assume the page was rendered just now.
    offsetMs: initial.serverNowMs - Date.now(),
    synced: false,
  }));
  const positionRef = useRef({ seq: state.seq, stream: state.stream });
  useEffect(() => {
    positionRef.current = { seq: state.seq, stream: state.stream };
  }, [state.seq, state.stream]);
  const connectionRef = useRef<RoomConnection | undefined>(undefined);

  useEffect(() => {
    const socket = createSocket();
    const connection = connectRoom(socket, code, {
      resumeFrom: () => {
        const { seq, stream } = positionRef.current;
        return stream === undefined ? undefined : { lastSeq: seq, stream };
      },
      joined: (result) => dispatch({ type: 'joined', result }),
      joinFailed: () => dispatch({ type: 'connection', status: 'offline' }),
      dropped: (status) => dispatch({ type: 'connection', status }),
      offset: (offsetMs) => setOffset({ offsetMs, synced: true }),
    });
    connectionRef.current = connection;
    socket.on('caption:segment', (message) => dispatch({ type: 'segment', message }));
    socket.on('clock:changed', (message) => dispatch({ type: 'clock', message }));
    return () => {
      connection.close();
      connectionRef.current = undefined;
    };
  }, [code]);

  // A gap in the sequence: ask for exactly what was missed (positionRef holds the last applied seq).
  useEffect(() => {
    if (state.needsResync) connectionRef.current?.rejoin();
  }, [state.needsResync, state.seq, state.stream]);

  const addTranscript = useCallback((epoch: number, segments: readonly CaptionSegment[]) => dispatch({ type: 'transcript', epoch, segments }), []);
  return { state, offsetMs: offset.offsetMs, synced: offset.synced, addTranscript };
}
