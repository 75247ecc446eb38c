'use client';
import { useEffect, useReducer, useRef, useState } from 'react';
import { PROTOCOL_VERSION, type Ack, type JoinResult, type RoomSnapshot } from '../../server/protocol';
import { clientNow, estimateOffset, SYNC_INTERVAL_MS, SYNC_SAMPLES, type SyncSample } from './clock-sync';
import { createSocket, type BoothcastSocket } from './socket';
import { stateFromSnapshot, viewerReducer, type ViewerState } from './viewer-state';

export interface RoomCaptions {
  readonly state: ViewerState;
  /** Estimated server time minus client time; 0 until the first sync. */
  readonly offsetMs: number;
  readonly synced: boolean;
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
    let syncTimer: ReturnType<typeof setTimeout> | undefined;

    const join = () => {
      const { seq, stream } = positionRef.current;
      socket.emit('room:join', { room: code, protocolVersion: PROTOCOL_VERSION, lastSeq: seq, stream }, (reply: Ack<JoinResult>) => {
        if (reply.ok) dispatch({ type: 'joined', result: reply.data });
        else dispatch({ type: 'connection', status: 'offline' });
      });
    };
    const sync = async () => {
      const samples: SyncSample[] = [];
      for (let i = 0; i < SYNC_SAMPLES && socket.connected; i++) {
        const sentAtMs = clientNow();
        const reply = await socket.timeout(2_000).emitWithAck('time:sync', {}).catch(() => undefined);
        if (reply?.ok) samples.push({ sentAtMs, receivedAtMs: clientNow(), serverNowMs: reply.data.serverNowMs });
      }
      const estimate = estimateOffset(samples);
      if (estimate) setOffset({ offsetMs: estimate.offsetMs, synced: true });
      syncTimer = setTimeout(() => void sync(), SYNC_INTERVAL_MS);
    };

    socket.on('connect', () => {
      join();
      clearTimeout(syncTimer);
      void sync();
    });
    socket.on('disconnect', () => dispatch({ type: 'connection', status: socket.active ? 'reconnecting' : 'offline' }));
    socket.on('connect_error', () => dispatch({ type: 'connection', status: socket.active ? 'reconnecting' : 'offline' }));
    socket.on('caption:segment', (message) => dispatch({ type: 'segment', message }));
    socket.on('clock:changed', (message) => dispatch({ type: 'clock', message }));
    return () => {
      clearTimeout(syncTimer);
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

  return { state, offsetMs: offset.offsetMs, synced: offset.synced };
}
