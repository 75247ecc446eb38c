/** The transport's icons, drawn rather than taken from a font (Noto Sans has no ⏮ ⏸ glyphs). Decorative: every button has a text label. */
const ICON = { 'aria-hidden': true, focusable: false, width: 16, height: 16, viewBox: '0 0 16 16', fill: 'currentColor' } as const;

export function PlayIcon() {
  return (
    <svg {...ICON}>
      <path d="M4 2.5v11l9.5-5.5z" />
    </svg>
  );
}

export function PauseIcon() {
  return (
    <svg {...ICON}>
      <path d="M3.5 2.5h3.25v11H3.5zM9.25 2.5h3.25v11H9.25z" />
    </svg>
  );
}

export function RestartIcon() {
  return (
    <svg {...ICON}>
      <path d="M2.5 2.5h2v11h-2zM14 2.5v11L5.5 8z" />
    </svg>
  );
}
