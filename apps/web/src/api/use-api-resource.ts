import { useCallback, useEffect, useState } from 'react';

export type ApiResource<T> =
  | { state: 'loading' }
  | { state: 'loaded'; value: T }
  | { state: 'failed'; error: unknown };

/**
 * Loads `load` on mount and whenever `key` changes; stale answers are dropped via AbortSignal.
 * With `keepWhileReloading`, a loaded value stays on screen until the new one arrives, so a
 * reload after a change does not unmount the controls (and drop the keyboard focus) in between.
 */
export function useApiResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  key: string,
  keepWhileReloading = false,
): [ApiResource<T>, () => void] {
  const [resource, setResource] = useState<ApiResource<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setResource((previous) => (keepWhileReloading && previous.state === 'loaded' ? previous : { state: 'loading' }));
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setResource({ state: 'loaded', value });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResource({ state: 'failed', error });
      },
    );
    return () => controller.abort();
    // `load` is re-created on each render by callers; `key` names what it loads.
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return [resource, retry];
}
