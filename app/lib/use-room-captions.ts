'use client';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { PROTOCOL_VERSION, type Ack, type CaptionSegment, type JoinResult, type RoomSnapshot } from '../../server/protocol';
import { startClockSync } from './clock-sync-loop';
import { createSocket, type BoothcastSocket } from './socket';
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
  const socketRef = useRef<BoothcastSocket | undefined>(undefined);

  useEffect(() => {
    const socket = createSocket();
    socketRef.current = socket;
    let stopSync: (() => void) | undefined;

    const join = () => {
      const { seq, stream } = positionRef.current;
      socket.emit('room:join', { room: code, protocolVersion: PROTOCOL_VERSION, lastSeq: seq, stream }, (reply: Ack<JoinResult>) => {
        if (reply.ok) dispatch({ type: 'joined', result: reply.data });
        else dispatch({ type: 'connection', status: 'offline' });
      });
    };
    socket.on('connect', () => {
      join();
      stopSync?.();
      stopSync = startClockSync(socket, (offsetMs) => setOffset({ offsetMs, synced: true }));
    });
    socket.on('disconnect', () => dispatch({ type: 'connection', status: socket.active ? 'reconnecting' : 'offline' }));
    socket.on('connect_error', () => dispatch({ type: 'connection', status: socket.active ? 'reconnecting' : 'offline' }));
    socket.on('caption:segment', (message) => dispatch({ type: 'segment', message }));
    socket.on('clock:changed', (message) => dispatch({ type: 'clock', message }));
    return () => {
      stopSync?.();
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = undefined;
    };
  }, [code]);

  // A gap in the sequence: ask for exactly what was missed.
  useEffect(() => {
    const socket = socketRef.current;
    if (!state.needsResync || !socket?.connected) return;
    socket.emit(
      'room:join',
      { room: code, protocolVersion: PROTOCOL_VERSION, lastSeq: state.seq, stream: state.stream },
      (reply: Ack<JoinResult>) => {
        if (reply.ok) dispatch({ type: 'joined', result: reply.data });
      },
    );
  }, [state.needsResync, state.seq, state.stream, code]);

  const addTranscript = useCallback((epoch: number, segments: readonly CaptionSegment[]) => dispatch({ type: 'transcript', epoch, segments }), []);
  return { state, offsetMs: offset.offsetMs, synced: offset.synced, addTranscript };
}
