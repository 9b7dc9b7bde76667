import { useCallback } from 'react';

/** Runs an action against the API, then reloads the page's data; the error (if any) goes to the page's message. */
export function useAction(load: () => Promise<void>, setError: (message: string) => void) {
  return useCallback(
    async (fn: () => Promise<unknown>) => {
      setError('');
      try {
        await fn();
        await load();
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [load, setError],
  );
}
