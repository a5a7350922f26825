import { CSRF_COOKIE, CSRF_HEADER } from '@accord/contracts';
import i18next from 'i18next';
import { ApiError } from './api-error';

/**
 * GETs JSON from the Accord server and hands it to `parse`, which checks the shape: what comes
 * over the wire is `unknown` until proven otherwise. The session cookie goes along (same origin).
 */
export async function getJson<T>(path: string, parse: (body: unknown) => T, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json', 'Accept-Language': i18next.language }, signal, credentials: 'same-origin' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, i18next.t('app.unreachable'));
  }
  if (!response.ok) throw await errorOf(response);
  const body: unknown = await response.json();
  return parse(body);
}

/**
 * A state-changing request with the CSRF token (double submit: the readable cookie, echoed in a
 * header). Answers with the parsed body, or undefined for 202/204.
 */
export async function sendJson<T = undefined>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, parse?: (body: unknown) => T): Promise<T> {
  // The UI language goes along, so that sentences for someone not signed in match the page.
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18next.language, [CSRF_HEADER]: csrfToken() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, i18next.t('app.unreachable'));
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204 || response.status === 202 || !parse) return undefined as T;
  return parse(await response.json());
}

/** The CSRF token cookie; before sign-in a fresh random one is set, which the server compares with the header. */
function csrfToken(): string {
  const existing = document.cookie
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${CSRF_COOKIE}=`));
  if (existing) return decodeURIComponent(existing.slice(CSRF_COOKIE.length + 1));
  const token = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
  document.cookie = `${CSRF_COOKIE}=${token}; path=/; SameSite=Lax`;
  return token;
}

/** Fired when the server says the session is gone, so the app can show the sign-in page. */
export const SESSION_ENDED_EVENT = 'accord:session-ended';

async function errorOf(response: Response): Promise<ApiError> {
  if (response.status === 401 && !response.url.endsWith('/api/auth/sign-in')) window.dispatchEvent(new Event(SESSION_ENDED_EVENT));
  // The server's sentence (`{ code, message }`) is what the user should read.
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') {
      const code = 'code' in body && typeof body.code === 'string' ? body.code : undefined;
      return new ApiError(response.status, body.message, code);
    }
  } catch {
    // not JSON
  }
  return new ApiError(response.status, i18next.t('app.requestFailed', { status: response.status }));
}
