// Hardening applied to every webContents and to every session they use (the checklist of
// https://www.electronjs.org/docs/latest/tutorial/security; the webPreferences every window
// must have are in security-policy.ts):
//   - 13. no navigation away from app://depot (main frame, sub-frames, redirects);
//   - 14. no new windows (window.open, target=_blank links);
//   - 12. no <webview>;
//   - 5. every permission refused (camera, microphone, notifications, geolocation, clipboard
//     read, …), both the request and the check, and no device (HID, serial, USB, Bluetooth)
//     or screen capture, whatever the page asks.
import { app, session, type Session, type WebContents } from 'electron';
import { isAppUrl } from './urls.ts';

const hardenedSessions = new WeakSet<Session>();

/** Refuses every permission and device of a session; once per session. */
export function hardenSession(ses: Session): void {
  if (hardenedSessions.has(ses)) return;
  hardenedSessions.add(ses);
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  // Without a listener Chromium may pick a device itself: answer "none" (the request is cancelled).
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback(null);
  });
  ses.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
}

/** The app's own pages only; every new window refused. */
export function hardenContents(contents: WebContents): void {
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
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
  // A window on another partition gets the same refusals as the default session.
  hardenSession(contents.session);
}

/** Call once, after `ready`, before the first window. */
export function applySecurityPolicy(): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  hardenSession(session.defaultSession);
}
