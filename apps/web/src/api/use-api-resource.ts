import { useCallback, useEffect, useState } from 'react';

export type ApiResource<T> =
  | { state: 'loading' }
  | { state: 'loaded'; value: T }
  | { state: 'failed'; error: unknown };

/** Loads `load` on mount and whenever `key` changes; stale answers are dropped via AbortSignal. */
export function useApiResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  key: string,
): [ApiResource<T>, () => void] {
  const [resource, setResource] = useState<ApiResource<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setResource({ state: 'loading' });
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
