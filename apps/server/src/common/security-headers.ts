import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Where the Swagger UI lives; it writes inline <style> elements, so it gets a policy of its own (scripts stay 'self'). */
export const API_DOCS_PATH = '/api/docs';

/**
 * The directives every response carries. Scripts and style sheets come from Accord itself only;
 * the editor (ProseMirror, y-prosemirror's carets, TipTap) writes style attributes, which
 * `style-src-attr` allows without opening inline <style> or <script>. The websocket is same-origin.
 */
const APP_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'style-src-attr': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

const DOCS_DIRECTIVES: Record<string, string[]> = {
  ...APP_DIRECTIVES,
  'style-src': ["'self'", "'unsafe-inline'"],
};

/**
 * Security headers for every response: CSP, nosniff, frame-ancestors 'none' with X-Frame-Options
 * DENY, a same-origin referrer policy, and HSTS only when Accord is served over HTTPS
 * (COOKIE_SECURE), since HSTS on plain HTTP would lock browsers out of it.
 */
export function securityHeaders(options: { https: boolean }): RequestHandler {
  const common = {
    xFrameOptions: { action: 'deny' as const },
    referrerPolicy: { policy: 'same-origin' as const },
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  };
  // upgrade-insecure-requests only over HTTPS: on plain HTTP it would send the app's own requests to a port that does not answer.
  const upgrade: Record<string, string[]> = options.https ? { 'upgrade-insecure-requests': [] } : {};
  const app = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: { ...APP_DIRECTIVES, ...upgrade } } });
  const docs = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: { ...DOCS_DIRECTIVES, ...upgrade } } });
  return (request, response, next) => (request.path === API_DOCS_PATH || request.path.startsWith(`${API_DOCS_PATH}/`) ? docs : app)(request, response, next);
}
