import type { IncomingMessage } from 'node:http';

/**
 * Which pages may open a collaboration socket with the session cookie. Browsers send the cookie
 * with a websocket opened by any site, and the upgrade has no CSRF token: the Origin header is
 * the only defence. Allowed: the PUBLIC_URL origin, and the host:port the request was sent to
 * (local development and tests, where PUBLIC_URL is not the address in use). A request without
 * Origin is not from a browser (browsers always send it on a websocket), so no page is behind it.
 */
export class CookieOriginPolicy {
  private readonly publicOrigin: string;

  constructor(publicUrl: string) {
    this.publicOrigin = new URL(publicUrl).origin;
  }

  allows(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    if (origin === undefined) return true;
    if (origin === this.publicOrigin) return true;
    try {
      return new URL(origin).host === request.headers.host;
    } catch {
      // "null" (sandboxed frames, file://) or garbage: no page we serve
      return false;
    }
  }
}
