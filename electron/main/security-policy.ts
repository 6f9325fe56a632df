// The Electron security checklist's settings as data (no Electron import, so they are unit-
// tested under Node and shared with the Electron tests): the webPreferences every window must
// have, and a check that names each one a window breaks. See
// https://www.electronjs.org/docs/latest/tutorial/security
import type { WebPreferences } from 'electron';

/**
 * What every window's webPreferences must be. Most are Electron's defaults; they are written
 * out so a changed default or a careless edit cannot turn one off unnoticed.
 */
export const REQUIRED_WEB_PREFERENCES = {
  // 3. context isolation: the page and the preload do not share a JavaScript world
  contextIsolation: true,
  // 4. the renderer is sandboxed (no Node, OS-level sandbox)
  sandbox: true,
  // 2. no Node.js in the page, its frames or its workers
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  nodeIntegrationInWorker: false,
  // 6. same-origin policy on
  webSecurity: true,
  // 8. no http content in our (secure) app:// page
  allowRunningInsecureContent: false,
  // 9. no experimental Chromium features
  experimentalFeatures: false,
  // 12. no <webview>
  webviewTag: false,
  // a file dropped on the window is not opened in it (a navigation away from app://)
  navigateOnDragDrop: false,
} as const satisfies WebPreferences;

/** Electron's own defaults for those settings, for a window that leaves one out. */
const DEFAULTS: Record<keyof typeof REQUIRED_WEB_PREFERENCES, boolean> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
};

/**
 * The checklist items a window's webPreferences break, each as `name=value` (empty: none).
 * A setting left out counts as Electron's default. 10. enableBlinkFeatures must be unset.
 */
export function unsafeWebPreferences(prefs: WebPreferences | null | undefined): string[] {
  const p = (prefs ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  for (const [name, required] of Object.entries(REQUIRED_WEB_PREFERENCES) as [keyof typeof REQUIRED_WEB_PREFERENCES, boolean][]) {
    const actual = p[name] ?? DEFAULTS[name];
    if (actual !== required) problems.push(`${name}=${String(actual)}`);
  }
  if (typeof p.enableBlinkFeatures === 'string' && p.enableBlinkFeatures !== '') problems.push(`enableBlinkFeatures=${p.enableBlinkFeatures}`);
  // the remote module is gone from Electron, but a window asking for it was written to use it
  if (p.enableRemoteModule === true) problems.push('enableRemoteModule=true');
  return problems;
}

/** The hardened webPreferences for a window of ours, with its preload script. */
export function secureWebPreferences(preload: string): WebPreferences {
  return { ...REQUIRED_WEB_PREFERENCES, preload, spellcheck: false, safeDialogs: true };
}
