// The Content-Security-Policy of the app's pages, the same in the desktop app (app://, see
// electron/main/protocol.ts) and in browser mode (http.ts): scripts only from the app itself,
// no plugins, no <base>, no form posts, not framed. antd styles are CSS-in-JS, hence
// 'unsafe-inline' for styles only, never for scripts. No imports: the main process bundles it.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
