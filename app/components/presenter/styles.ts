/** Class names the presenter's controls share: one visible focus ring (sky-300 on the dark ground), one button look. */
export const FOCUS_RING = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-300';

export const BUTTON = `inline-flex min-h-11 items-center justify-center gap-2 rounded-md border border-neutral-500 bg-neutral-800 px-3 py-2 text-sm font-semibold text-neutral-100 hover:bg-neutral-700 disabled:cursor-not-allowed disabled:border-neutral-700 disabled:bg-neutral-900 disabled:text-neutral-400 ${FOCUS_RING}`;

export const PRIMARY_BUTTON = `inline-flex min-h-11 items-center justify-center gap-2 rounded-md bg-sky-300 px-4 py-2 text-base font-semibold text-neutral-950 hover:bg-sky-200 disabled:cursor-not-allowed disabled:bg-neutral-700 disabled:text-neutral-300 ${FOCUS_RING}`;

export const TEXT_INPUT = `rounded-md border border-neutral-500 bg-neutral-900 px-3 py-2 text-neutral-100 placeholder:text-neutral-400 ${FOCUS_RING}`;

export const LINK = `text-sky-300 underline underline-offset-4 hover:text-sky-200 ${FOCUS_RING}`;

export const PANEL = 'rounded-lg border border-neutral-700 bg-neutral-900 p-4';
