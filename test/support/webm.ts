import type { Page } from 'playwright-core';

/**
 * A real video without ffmpeg: Chromium encodes canvas frames with WebCodecs (`VideoEncoder`,
 * VP8, faster than real time) and the frames are written into a WebM file here, by hand: an EBML
 * header, one segment with its duration, one video track, a cluster per second (each opening with
 * a keyframe) and cues before the clusters, so the browser can seek at once. Each frame shows its
 * own time, so the timeline is known. `page` must be on a secure origin (`http://localhost`):
 * WebCodecs exists only there.
 */
export interface WebmOptions {
  readonly seconds: number;
  readonly fps: number;
  readonly width?: number;
  readonly height?: number;
}

interface EncodedFrame {
  readonly timestampUs: number;
  readonly key: boolean;
  readonly data: Buffer;
}

/** The longest video made: a bound on the work and memory asked of the browser. */
const MAX_FRAMES = 10_000;

export async function makeWebm(page: Page, { seconds, fps, width = 160, height = 90 }: WebmOptions): Promise<Buffer> {
  const count = Math.round(seconds * fps);
  if (count > MAX_FRAMES) throw new Error(`makeWebm: ${count} frames is over ${MAX_FRAMES}`);
  const encoded = await page.evaluate(
    async ({ count, fps, width, height }) => {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      const frames: { timestampUs: number; key: boolean; base64: string }[] = [];
      let failure: Error | undefined;
      const encoder = new VideoEncoder({
        output: (chunk) => {
          const bytes = new Uint8Array(chunk.byteLength);
          chunk.copyTo(bytes);
          let binary = '';
          for (const byte of bytes) binary += String.fromCharCode(byte);
          frames.push({ timestampUs: chunk.timestamp, key: chunk.type === 'key', base64: btoa(binary) });
        },
        error: (error) => (failure = error),
      });
      encoder.configure({ codec: 'vp8', width, height, bitrate: 200_000, framerate: fps });
      for (let i = 0; i < count; i++) {
        const seconds = i / fps;
        context.fillStyle = `hsl(${(Math.floor(seconds) * 37) % 360} 60% 30%)`;
        context.fillRect(0, 0, width, height);
        context.fillStyle = '#fff';
        context.font = `${Math.round(height / 4)}px sans-serif`;
        context.fillText(seconds.toFixed(2), 8, height / 2);
        const frame = new VideoFrame(canvas, { timestamp: Math.round((i * 1e6) / fps), duration: Math.round(1e6 / fps) });
        encoder.encode(frame, { keyFrame: i % fps === 0 });
        frame.close();
        // Bounded: never more than a second of frames waiting in the encoder.
        while (encoder.encodeQueueSize > fps) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await encoder.flush();
      encoder.close();
      if (failure) throw failure;
      return frames;
    },
    { count, fps, width, height },
  );
  return muxWebm(
    encoded.map((f) => ({ timestampUs: f.timestampUs, key: f.key, data: Buffer.from(f.base64, 'base64') })),
    { durationMs: (count * 1000) / fps, width, height },
  );
}

/** An EBML element: its ID's bytes, then its size as an 8-byte vint (so sizes never change an offset), then the body. */
function element(id: number, ...body: Buffer[]): Buffer {
  const idBytes = Buffer.from(id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, '0'), 'hex');
  const payload = Buffer.concat(body);
  const size = Buffer.alloc(8);
  size.writeBigUInt64BE(BigInt(payload.length));
  size[0] = 0x01;
  return Buffer.concat([idBytes, size, payload]);
}
const uint = (id: number, value: number) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return element(id, bytes);
};
const float = (id: number, value: number) => {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(value);
  return element(id, bytes);
};
const text = (id: number, value: string) => element(id, Buffer.from(value, 'ascii'));

/** Matroska element IDs (matroska.org/technical/elements.html) used here. */
const ID = {
  EBML: 0x1a45dfa3,
  EBMLVersion: 0x4286,
  EBMLReadVersion: 0x42f7,
  EBMLMaxIDLength: 0x42f2,
  EBMLMaxSizeLength: 0x42f3,
  DocType: 0x4282,
  DocTypeVersion: 0x4287,
  DocTypeReadVersion: 0x4285,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  MuxingApp: 0x4d80,
  WritingApp: 0x5741,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackUID: 0x73c5,
  TrackType: 0x83,
  CodecID: 0x86,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  Cues: 0x1c53bb6b,
  CuePoint: 0xbb,
  CueTime: 0xb3,
  CueTrackPositions: 0xb7,
  CueTrack: 0xf7,
  CueClusterPosition: 0xf1,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
} as const;

/** Writes VP8 frames (each cluster opening with a keyframe) into a WebM file, timecodes in milliseconds. */
export function muxWebm(frames: readonly EncodedFrame[], { durationMs, width, height }: { durationMs: number; width: number; height: number }): Buffer {
  const header = element(
    ID.EBML,
    uint(ID.EBMLVersion, 1),
    uint(ID.EBMLReadVersion, 1),
    uint(ID.EBMLMaxIDLength, 4),
    uint(ID.EBMLMaxSizeLength, 8),
    text(ID.DocType, 'webm'),
    uint(ID.DocTypeVersion, 2),
    uint(ID.DocTypeReadVersion, 2),
  );
  const info = element(ID.Info, uint(ID.TimecodeScale, 1_000_000), float(ID.Duration, durationMs), text(ID.MuxingApp, 'boothcast-test'), text(ID.WritingApp, 'boothcast-test'));
  const tracks = element(
    ID.Tracks,
    element(ID.TrackEntry, uint(ID.TrackNumber, 1), uint(ID.TrackUID, 1), uint(ID.TrackType, 1), text(ID.CodecID, 'V_VP8'), element(ID.Video, uint(ID.PixelWidth, width), uint(ID.PixelHeight, height))),
  );
  // A cluster from each keyframe on: a block's timecode is relative to its cluster's, in 16 bits.
  const clusters: { timeMs: number; body: Buffer }[] = [];
  let open: { timeMs: number; blocks: Buffer[] } | undefined;
  const close = () => open && clusters.push({ timeMs: open.timeMs, body: element(ID.Cluster, uint(ID.Timecode, open.timeMs), ...open.blocks) });
  for (const frame of frames) {
    const timeMs = Math.round(frame.timestampUs / 1000);
    if (frame.key || !open) {
      close();
      open = { timeMs, blocks: [] };
    }
    const relative = timeMs - open.timeMs;
    if (relative > 32_767) throw new Error(`muxWebm: a cluster longer than 32 s at ${timeMs} ms (no keyframe)`);
    const blockHeader = Buffer.alloc(4);
    blockHeader[0] = 0x81; // track 1, as a one-byte vint
    blockHeader.writeInt16BE(relative, 1);
    blockHeader[3] = frame.key ? 0x80 : 0x00;
    open.blocks.push(element(ID.SimpleBlock, blockHeader, frame.data));
  }
  close();
  // Cues before the clusters: their size does not depend on the offsets (fixed-width numbers), so the offsets can be computed first.
  const cuesOf = (offsets: number[]) =>
    element(
      ID.Cues,
      ...clusters.map((cluster, i) => element(ID.CuePoint, uint(ID.CueTime, cluster.timeMs), element(ID.CueTrackPositions, uint(ID.CueTrack, 1), uint(ID.CueClusterPosition, offsets[i])))),
    );
  const before = info.length + tracks.length + cuesOf(clusters.map(() => 0)).length;
  const offsets: number[] = [];
  let at = before;
  for (const cluster of clusters) {
    offsets.push(at);
    at += cluster.body.length;
  }
  return Buffer.concat([header, element(ID.Segment, info, tracks, cuesOf(offsets), ...clusters.map((c) => c.body))]);
}
