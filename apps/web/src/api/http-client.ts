import { ApiError } from './api-error';

/**
 * GETs JSON from the Accord server and hands it to `parse`, which checks the shape: what comes
 * over the wire is `unknown` until proven otherwise.
 */
export async function getJson<T>(path: string, parse: (body: unknown) => T, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, `Could not reach the server for ${path}`);
  }
  if (!response.ok) throw new ApiError(response.status, `GET ${path} answered ${response.status}`);
  const body: unknown = await response.json();
  return parse(body);
}
