/** What a secret is replaced with in the log. */
export const REDACTED = '[redacted]';

/** Query parameters whose value is a credential (`?token=` of the collaboration websocket, and the like). */
const SECRET_PARAMETER = /token|secret|passw|csrf|session|auth|key|code|signature|cookie/i;

/**
 * pino `redact` paths: the request's credentials (cookie, authorization, CSRF header), the
 * response's Set-Cookie, and password or token fields of anything logged with them.
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'req.body.password',
  'req.body.token',
  'password',
  'token',
  'csrfToken',
  '*.password',
  '*.token',
  '*.csrfToken',
  // A failed query logged as `err` carries its bound values: password hashes, token hashes, mail bodies.
  'err.parameters',
  '*.err.parameters',
];

/** A URL as it may be logged: the value of every credential-like query parameter replaced. */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return url;
  const hashAt = url.indexOf('#', queryAt);
  const query = url.slice(queryAt + 1, hashAt < 0 ? undefined : hashAt);
  const redacted = query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      return equals >= 0 && SECRET_PARAMETER.test(safeDecode(name)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, queryAt)}?${redacted}${hashAt < 0 ? '' : url.slice(hashAt)}`;
}

/** A parsed query object as it may be logged. */
export function redactQuery(query: unknown): unknown {
  if (!query || typeof query !== 'object') return query;
  return Object.fromEntries(Object.entries(query).map(([name, value]) => [name, SECRET_PARAMETER.test(name) ? REDACTED : value]));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
