'use client';
import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_SETTINGS, parseSettings, SETTINGS_STORAGE_KEY, settingsToParams, type ViewerSettings } from './viewer-settings';

/**
 * Settings remembered on this device, with the page's URL parameters on top. The server renders
 * with the URL's settings; the device's are applied right after hydration.
 */
export function useViewerSettings(fromUrl: ViewerSettings): [ViewerSettings, (next: ViewerSettings) => void] {
  const [settings, setSettings] = useState(fromUrl);

  useEffect(() => {
    let stored = DEFAULT_SETTINGS;
    try {
      const raw = window.localStorage.getItem(SETTINGS_STORAGE_KEY);
      if (raw) stored = parseSettings(JSON.parse(raw) as Record<string, string>);
    } catch {
      // Storage unavailable (private mode) or unreadable: the URL and defaults still apply.
    }
    const merged = parseSettings(new URLSearchParams(window.location.search), stored);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage is only readable after hydration
    setSettings(merged);
  }, []);

  const update = useCallback((next: ViewerSettings) => {
    setSettings(next);
    try {
      window.localStorage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify(settingsToParams(next)));
    } catch {
      // Not remembered, but still applied.
    }
  }, []);

  return [settings, update];
}
