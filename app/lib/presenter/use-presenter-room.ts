'use client';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { positionAt } from '../../../server/replay/clock';
import { type Ack, type CaptionSegment, type CommandResult, type RoomSnapshot } from '../../../server/protocol';
import { clientNow } from '../clock-sync';
import { connectRoom } from '../room-connection';
import type { BoothcastSocket } from '../socket';
import { buildCommand, type PresenterCommand, type PresenterIntent } from './commands';
import { newCommandId } from './command-id';
import { createPresenterSocket } from './presenter-socket';
import { presenterReducer, presenterStateFrom, type PresenterState } from './presenter-state';
import { COMMAND_TIMEOUT_MS, sendCommand, type CommandOutcome } from './send-command';

export interface PresenterRoom {
  readonly state: PresenterState;
  /** Estimated server time minus client time. */
  readonly offsetMs: number;
  /** Resolves an intent against the clock now and sends it; `undefined` when there was nothing to send. */
  run(intent: PresenterIntent): Promise<{ command: PresenterCommand; outcome: CommandOutcome } | undefined>;
}

/**
 * The console's connection: proves the secret in the handshake, joins the room like a viewer to
 * follow its clock, keeps a server-time estimate, counts viewers, and sends commands.
 */
export function usePresenterRoom(
  code: string,
  secret: string,
  initial: RoomSnapshot,
  segments: readonly CaptionSegment[],
): PresenterRoom {
  const [state, dispatch] = useReducer(presenterReducer, initial, presenterStateFrom);
  const [offsetMs, setOffsetMs] = useState(() => initial.serverNowMs - Date.now());
  const socketRef = useRef<BoothcastSocket | undefined>(undefined);
  const latest = useRef({ state, offsetMs, segments });
  useEffect(() => {
    latest.current = { state, offsetMs, segments };
  }, [state, offsetMs, segments]);

  useEffect(() => {
    const socket = createPresenterSocket(code, secret);
    socketRef.current = socket;
    // No resumeFrom: always a fresh snapshot, since the console follows the clock and a snapshot carries the current one.
    const connection = connectRoom(socket, code, {
      joined: (result) => dispatch({ type: 'joined', result }),
      joinFailed: (error) => dispatch({ type: 'connection', status: error.code === 'unknown-room' ? 'unknown-room' : 'offline' }),
      dropped: (status, error) =>
        dispatch({ type: 'connection', status: error?.message === 'forbidden' || error?.message === 'invalid-auth' ? 'forbidden' : status }),
      offset: setOffsetMs,
    });
    socket.on('clock:changed', (message) => dispatch({ type: 'clock', message }));
    socket.on('storage:changed', (message) => dispatch({ type: 'storage', saving: message.saving }));
    socket.on('room:presence', (message) => {
      if (message.room === code) dispatch({ type: 'presence', viewers: message.viewers });
    });
    return () => {
      connection.close();
      socketRef.current = undefined;
    };
  }, [code, secret]);

  const run = useCallback(
    async (intent: PresenterIntent) => {
      const socket = socketRef.current;
      const { state: now, offsetMs: offset, segments: list } = latest.current;
      const positionMs = positionAt(now.clock, clientNow() + offset);
      const command = buildCommand(intent, { room: code, clock: now.clock, positionMs, segments: list }, newCommandId());
      if (!command) return undefined;
      const outcome = await sendCommand({
        isConnected: () => socket?.connected === true,
        emit: () => emitCommand(socket!, command),
      });
      if (outcome.kind === 'applied') dispatch({ type: 'storage', saving: outcome.result.saved });
      return { command, outcome };
    },
    [code],
  );

  return { state, offsetMs, run };
}

function emitCommand(socket: BoothcastSocket, command: PresenterCommand): Promise<Ack<CommandResult>> {
  const timed = socket.timeout(COMMAND_TIMEOUT_MS);
  switch (command.event) {
    case 'playback:play':
    case 'playback:pause':
    case 'playback:restart':
      return timed.emitWithAck(command.event, command.payload);
    case 'playback:rate':
      return timed.emitWithAck(command.event, command.payload);
    case 'playback:loop':
      return timed.emitWithAck(command.event, command.payload);
    case 'playback:seek':
      return timed.emitWithAck(command.event, command.payload);
  }
}
