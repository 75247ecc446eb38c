/**
 * Stands in for engine.io-client's WebTransport transport in the embed bundle: the embed only
 * asks for WebSocket and long-polling, and leaving WebTransport out keeps it under 16 KiB.
 */
export class WT {
  constructor() {
    throw new Error('WebTransport is not part of the embed');
  }
}
