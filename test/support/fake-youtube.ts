/**
 * A stand-in for the YouTube IFrame Player API (https://www.youtube.com/iframe_api), which cannot be
 * loaded here (no internet), written from its reference
 * (developers.google.com/youtube/iframe_api_reference) for what a page and host.js use of it:
 *
 * - loading it calls the page's `onYouTubeIframeAPIReady()`; `YT.PlayerState` is `{ UNSTARTED: -1,
 *   ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5 }`;
 * - `new YT.Player(elementOrId, { width, height, videoId, events })` replaces the element with the
 *   player's `<iframe>` (which takes its id), or uses an `<iframe>` given;
 * - `addEventListener(event, listener)` (a function, or a global function's name) from the start;
 *   the getters and controls (`getCurrentTime`, `getPlayerState`, `getPlaybackRate`, `playVideo`,
 *   `pauseVideo`, `seekTo(seconds, allowSeekAhead)`, `setPlaybackRate`, `getDuration`, …) only once
 *   the player is ready, when `onReady` fires; then the video is cued (`onStateChange` 5);
 * - events are objects `{ target: player, data }`, delivered asynchronously (the real player
 *   posts them from its frame); `onStateChange` on every state change, `onPlaybackRateChange` with
 *   the new rate. There is no seek event: a seek while playing shows as buffering, then playing.
 *
 * Underneath, the player's frame plays a real `<audio>` (`/<videoId>.wav` from the host page's
 * site), so its time is a real media time. What it does not copy: the real player's time reaches
 * the page by postMessage from another origin, a few milliseconds old.
 *
 * Served to the page as `(${fakeYouTubeIframeApi})()`: it must not refer to anything outside itself.
 */
export function fakeYouTubeIframeApi(): void {
  type Listener = ((event: { target: unknown; data: unknown }) => void) | string;
  const PlayerState = { UNSTARTED: -1, ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5 } as const;

  class Player {
    private readonly listeners: Map<string, Listener[]>;
    private readonly iframe: HTMLIFrameElement;

    constructor(elementOrId: HTMLElement | string, options: { width?: number; height?: number; videoId?: string; events?: Record<string, Listener> } = {}) {
      this.listeners = new Map();
      // Not part of the API: how a test finds the players a page made.
      ((window as unknown as { fakeYouTubePlayers?: Player[] }).fakeYouTubePlayers ??= []).push(this);
      const element = typeof elementOrId === 'string' ? document.getElementById(elementOrId) : elementOrId;
      if (!element) throw new Error(`YT.Player: no element ${String(elementOrId)}`);
      this.iframe = element instanceof HTMLIFrameElement ? element : document.createElement('iframe');
      if (this.iframe !== element) {
        this.iframe.id = element.id;
        this.iframe.width = String(options.width ?? 640);
        this.iframe.height = String(options.height ?? 390);
        this.iframe.title = 'YouTube video player';
        element.replaceWith(this.iframe);
      }
      for (const [event, listener] of Object.entries(options.events ?? {})) this.addEventListener(event, listener);
      this.iframe.addEventListener('load', () => this.load(this.iframe.contentDocument!.querySelector('audio')!), { once: true });
      this.iframe.srcdoc = `<!doctype html><body style="margin:0;background:#000"><audio src="/${options.videoId ?? 'video'}.wav" preload="auto"></audio></body>`;
    }

    addEventListener(event: string, listener: Listener): void {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    }

    removeEventListener(event: string, listener: Listener): void {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    }

    getIframe(): HTMLIFrameElement {
      return this.iframe;
    }

    destroy(): void {
      this.listeners.clear();
      this.iframe.remove();
    }

    private emit(event: string, data: unknown): void {
      setTimeout(() => {
        for (const listener of this.listeners.get(event) ?? []) {
          const handler = typeof listener === 'string' ? (window as unknown as Record<string, (e: unknown) => void>)[listener] : listener;
          handler({ target: this, data });
        }
      });
    }

    private load(media: HTMLAudioElement): void {
      let played = false;
      let state: number = PlayerState.UNSTARTED;
      const stateNow = () =>
        media.ended ? PlayerState.ENDED : media.paused ? (played ? PlayerState.PAUSED : PlayerState.CUED) : media.seeking || media.readyState < 3 ? PlayerState.BUFFERING : PlayerState.PLAYING;
      const update = () => {
        if (!media.paused) played = true;
        const next = stateNow();
        if (next !== state) {
          state = next;
          this.emit('onStateChange', state);
        }
      };
      const becomeReady = () => {
        Object.assign(this, {
          getCurrentTime: () => media.currentTime,
          getDuration: () => media.duration,
          getPlayerState: () => state,
          getPlaybackRate: () => media.playbackRate,
          getAvailablePlaybackRates: () => [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2],
          getVideoLoadedFraction: () => (media.buffered.length ? media.buffered.end(media.buffered.length - 1) / media.duration : 0),
          playVideo: () => void media.play(),
          pauseVideo: () => media.pause(),
          stopVideo: () => {
            media.pause();
            media.currentTime = 0;
          },
          seekTo: (seconds: number) => {
            media.currentTime = seconds;
          },
          setPlaybackRate: (rate: number) => {
            media.playbackRate = rate;
          },
        });
        this.emit('onReady', null);
        for (const type of ['play', 'playing', 'pause', 'seeking', 'seeked', 'waiting', 'canplay', 'canplaythrough', 'ended', 'timeupdate']) media.addEventListener(type, update);
        media.addEventListener('ratechange', () => this.emit('onPlaybackRateChange', media.playbackRate));
        update();
      };
      if (media.readyState >= 3) becomeReady();
      else media.addEventListener('canplay', becomeReady, { once: true });
    }
  }

  const global = window as unknown as { YT: unknown; onYouTubeIframeAPIReady?: () => void };
  global.YT = { Player, PlayerState, loaded: 1 };
  setTimeout(() => global.onYouTubeIframeAPIReady?.());
}

/** The script a host page loads in place of `https://www.youtube.com/iframe_api`. */
export const FAKE_YOUTUBE_IFRAME_API = `(${fakeYouTubeIframeApi.toString()})();`;
