import { createSocket } from '../../lib/socket';
import { PROTOCOL_VERSION } from '../../../server/protocol';
import { connectRoom } from '../../lib/room-connection';
import { initialViewerState, viewerReducer, type ViewerEvent, type ViewerState } from '../../lib/viewer-state';
import { post, root, startView } from './view';

/**
 * The room embed (`/embed/<room>`): captions only, no React. Joins the room over Socket.IO
 * (room-connection.ts, as the viewer and the console do), follows the room clock, and paints with
 * view.ts.
 */
const code = root.dataset.room ?? '';
let state: ViewerState = initialViewerState;
let offsetMs = Number(root.dataset.now ?? Date.now()) - Date.now();

const dispatch = (event: ViewerEvent) => {
  const before = state;
  state = viewerReducer(state, event);
  if (before.connection !== state.connection || before.clock?.status !== state.clock?.status || before.clock?.rate !== state.clock?.rate) {
    post({ source: 'boothcast', type: 'state', room: code, connection: state.connection, status: state.clock?.status ?? 'playing', rate: state.clock?.rate ?? 1 });
  }
};

const socket = createSocket();
const connection = connectRoom(socket, code, {
  resumeFrom: () => (state.stream ? { lastSeq: state.seq, stream: state.stream } : undefined),
  joined: (result) => dispatch({ type: 'joined', result }),
  joinFailed: () => dispatch({ type: 'connection', status: 'offline' }),
  dropped: (status) => dispatch({ type: 'connection', status }),
  offset: (estimate) => (offsetMs = estimate),
});
socket.on('caption:segment', (message) => {
  dispatch({ type: 'segment', message });
  if (state.needsResync) connection.rejoin();
});
socket.on('clock:changed', (message) => {
  dispatch({ type: 'clock', message });
  if (state.needsResync) connection.rejoin();
});

post({ source: 'boothcast', type: 'ready', room: code, protocolVersion: PROTOCOL_VERSION });
startView({ room: code }, () => {
  const { clock, room } = state;
  if (!clock || !room) return undefined;
  const status = state.connection === 'live' && clock.status !== 'playing' ? clock.status : state.connection;
  return { languages: room.languages, speakers: room.speakers, segments: state.segments, clock, offsetMs, status: status === 'live' ? '' : status };
});
