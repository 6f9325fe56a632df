// Hardening applied to every webContents and to the default session: no new windows, no
// navigation away from app://, no <webview>, every permission refused.
import { app, session, type WebContents } from 'electron';
import { isAppUrl } from './urls.ts';

function harden(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // Covers the main frame and sub-frames; redirects are checked the same way.
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Call once, after `ready`. */
export function applySecurityPolicy(): void {
  app.on('web-contents-created', (_event, contents) => harden(contents));
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}
