/** Loads data for a page, optionally refreshing on an interval; keeps the last answer while reloading. */
import { useEffect, useState } from 'preact/hooks';

export interface Loaded<T> {
  data?: T;
  error?: string;
  loading: boolean;
  /** When the data on screen was fetched. */
  atMs?: number;
}

export function useData<T>(load: () => Promise<T>, deps: unknown[], refreshMs?: number): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      setState((s) => ({ ...s, loading: true }));
      load()
        .then((data) => live && setState({ data, loading: false, atMs: Date.now() }))
        .catch((error: Error) => live && setState((s) => ({ ...s, error: error.message, loading: false })))
        .finally(() => {
          if (live && refreshMs) timer = setTimeout(run, refreshMs);
        });
    };
    run();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, deps);
  return state;
}
