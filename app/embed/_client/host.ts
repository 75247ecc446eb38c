/**
 * `/embed/host.js`: binds a player on the host page to Boothcast transcript embeds
 * (`/embed/transcript/<id>`), so their captions follow the player's time. Posts
 * `{ type: 'boothcast:time', currentTime, paused, playbackRate }` to the embed's window, with the
 * embed's origin (the origin this script came from) as the target, so no other page receives it.
 *
 *   <iframe src="https://captions.example/embed/transcript/talk" data-boothcast-media="#video"></iframe>
 *   <script src="https://captions.example/embed/host.js" defer></script>
 *
 * or `Boothcast.bind(iframe, videoOrAudioElement)` / `Boothcast.bind(iframe, youTubePlayer)` (a
 * `YT.Player` of the YouTube iframe API); `bind` returns a function that unbinds.
 */
/**
 * What is used of a `YT.Player` (developers.google.com/youtube/iframe_api_reference). Its getters
 * exist only once its `onReady` has fired; `addEventListener` from its construction.
 */
interface YouTubePlayer {
  getCurrentTime(): number;
  getPlayerState(): number;
  getPlaybackRate(): number;
  addEventListener(event: string, listener: () => void): void;
  removeEventListener?(event: string, listener: () => void): void;
}
type Player = HTMLMediaElement | YouTubePlayer;
type Time = { currentTime: number; paused: boolean; playbackRate: number };

/** How often a playing player's time is posted: the embed runs its own clock in between. */
const TICK_MS = 250;
/** A YouTube player's time is re-posted only when it strays this far from the embed's clock (its own reports are coarse). */
const YT_DRIFT_S = 0.1;
/** `YT.PlayerState.PLAYING`; every other state (-1 unstarted, 0 ended, 2 paused, 3 buffering, 5 cued) stands still. */
const YT_PLAYING = 1;
/** How long after a play, seek or rate change the time is posted every animation frame. */
const SETTLE_MS = 1_000;

const script = document.currentScript as HTMLScriptElement | null;
const embedOrigin = new URL(script?.src ?? location.href).origin;

function bind(frame: HTMLIFrameElement | string, player: Player | string): () => void {
  const iframe = typeof frame === 'string' ? document.querySelector<HTMLIFrameElement>(frame) : frame;
  const target = typeof player === 'string' ? document.querySelector<HTMLMediaElement>(player) : player;
  if (!(iframe instanceof HTMLIFrameElement)) throw new TypeError(`Boothcast.bind: ${String(frame)} is not an iframe`);
  // A YT.Player is no DOM node; before its onReady it has addEventListener but no getters yet.
  if (!target || !(target instanceof HTMLMediaElement || (!(target instanceof Node) && typeof (target as YouTubePlayer).addEventListener === 'function'))) {
    throw new TypeError(`Boothcast.bind: ${String(player)} is neither a <video>/<audio> element nor a YouTube player (the YT.Player object)`);
  }
  // `at`: when the time was read, so the embed can discount the message's time in transit.
  // Nothing is sent once unbound, even by a player whose API cannot remove a listener.
  let bound = true;
  const send = (time: Time) => bound && iframe.contentWindow?.postMessage({ type: 'boothcast:time', ...time, at: performance.timeOrigin + performance.now() }, embedOrigin);
  const stops: (() => void)[] = [() => (bound = false)];
  const every = (ms: number, fn: () => void) => {
    const timer = setInterval(fn, ms);
    stops.push(() => clearInterval(timer));
  };
  let post: () => void;

  if (target instanceof HTMLMediaElement) {
    const media = target;
    // After a play or a seek, the time stands still until the audio output has started (tens of ms),
    // then settles: reported as paused until it moves, and posted every animation frame for a
    // second, so the captions neither run ahead nor wait for the next tick.
    let stillAt: number | undefined;
    let frame = 0;
    const now = (): Time => {
      if (media.currentTime !== stillAt) stillAt = undefined;
      return {
        currentTime: media.currentTime,
        // Stalled while buffering or seeking: the time stands still although `paused` is false.
        paused: media.paused || media.seeking || media.readyState < 3 || stillAt !== undefined,
        playbackRate: media.playbackRate,
      };
    };
    post = () => send(now());
    const settle = () => {
      cancelAnimationFrame(frame);
      const until = performance.now() + SETTLE_MS;
      const tick = () => {
        post();
        if (!media.paused && performance.now() < until) frame = requestAnimationFrame(tick);
      };
      frame = requestAnimationFrame(tick);
    };
    const onEvent = (event: Event) => {
      if ((event.type === 'play' || event.type === 'playing' || event.type === 'seeked' || event.type === 'ratechange') && !media.paused) {
        stillAt = event.type === 'ratechange' ? undefined : media.currentTime;
        settle();
      }
      post();
    };
    for (const type of ['play', 'playing', 'pause', 'seeking', 'seeked', 'ratechange', 'waiting', 'canplay', 'ended', 'loadedmetadata', 'emptied']) {
      media.addEventListener(type, onEvent);
      stops.push(() => media.removeEventListener(type, onEvent));
    }
    stops.push(() => cancelAnimationFrame(frame));
    every(TICK_MS, () => !media.paused && post());
    // Where a video reports its frames, each frame's own media time, carried to now.
    const video = media as HTMLVideoElement;
    if (typeof video.requestVideoFrameCallback === 'function') {
      let handle = 0;
      let last = 0;
      const onFrame = (nowMs: number, frameInfo: VideoFrameCallbackMetadata) => {
        const time = now();
        if (!time.paused && nowMs - last >= TICK_MS) {
          last = nowMs;
          send({ ...time, currentTime: frameInfo.mediaTime + ((performance.now() - frameInfo.expectedDisplayTime) / 1000) * time.playbackRate });
        }
        handle = video.requestVideoFrameCallback(onFrame);
      };
      handle = video.requestVideoFrameCallback(onFrame);
      stops.push(() => video.cancelVideoFrameCallback(handle));
    }
  } else {
    const yt = target;
    let sent: (Time & { at: number }) | undefined;
    // As for a media element: after a play the time stands still for a moment, reported as paused until it moves.
    let stillAt: number | undefined;
    let settleUntil = 0;
    let frame = 0;
    const ready = () => typeof yt.getCurrentTime === 'function';
    const now = (): Time => {
      const currentTime = yt.getCurrentTime();
      if (currentTime !== stillAt) stillAt = undefined;
      return { currentTime, paused: yt.getPlayerState() !== YT_PLAYING || stillAt !== undefined, playbackRate: yt.getPlaybackRate() };
    };
    post = () => {
      if (!ready()) return;
      const time = now();
      sent = { ...time, at: performance.now() };
      send(time);
    };
    // A state or rate change is posted at once; then every frame for a while, as for a media element.
    const onChange = () => {
      if (!ready()) return;
      stillAt = yt.getPlayerState() === YT_PLAYING && sent?.paused ? yt.getCurrentTime() : undefined;
      settleUntil = performance.now() + SETTLE_MS;
      post();
    };
    const events = ['onReady', 'onStateChange', 'onPlaybackRateChange'];
    for (const type of events) yt.addEventListener(type, onChange);
    stops.push(() => events.forEach((type) => yt.removeEventListener?.(type, onChange)));
    // The API has no seek event and reports its time coarsely: read it every frame, post a change
    // (state, rate, or the time straying from where the embed's clock has it).
    const poll = () => {
      if (ready()) {
        const at = performance.now();
        const time = now();
        const expected = sent && sent.currentTime + (sent.paused ? 0 : ((at - sent.at) / 1000) * sent.playbackRate);
        if (!sent || (!time.paused && at < settleUntil) || time.paused !== sent.paused || time.playbackRate !== sent.playbackRate || Math.abs(time.currentTime - (expected ?? 0)) > YT_DRIFT_S) post();
      }
      frame = requestAnimationFrame(poll);
    };
    frame = requestAnimationFrame(poll);
    stops.push(() => cancelAnimationFrame(frame));
  }
  // An embed that (re)loads says it is ready: answer with the time at once.
  const onReady = (event: MessageEvent) => {
    const data = event.data as { source?: unknown; type?: unknown } | null;
    if (event.source === iframe.contentWindow && data?.source === 'boothcast' && data.type === 'ready') post();
  };
  window.addEventListener('message', onReady);
  stops.push(() => window.removeEventListener('message', onReady));
  post();
  return () => stops.forEach((stop) => stop());
}

function bindDeclared(): void {
  for (const iframe of document.querySelectorAll<HTMLIFrameElement>('iframe[data-boothcast-media]')) {
    if (iframe.dataset.boothcastBound) continue;
    iframe.dataset.boothcastBound = '1';
    // One wrong declaration does not keep the others from binding.
    try {
      bind(iframe, iframe.dataset.boothcastMedia ?? '');
    } catch (error) {
      console.error(error);
    }
  }
}

(window as unknown as { Boothcast: { bind: typeof bind } }).Boothcast = { bind };
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', bindDeclared);
else bindDeclared();
export {};
