import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/http';

/** Runs an API call with pending and error state; field errors of a problem+json keyed by field path. */
export function useAction<A extends unknown[]>(fn: (...args: A) => Promise<unknown>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ref = useRef(fn);
  ref.current = fn;
  const run = useCallback(async (...args: A): Promise<boolean> => {
    setPending(true);
    setError(null);
    try {
      await ref.current(...args);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setPending(false);
    }
  }, []);
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
  return { run, pending, error, fieldErrors, clear: () => setError(null) };
}

/** Loads data on mount and whenever reload() is called; keeps the last value while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const ref = useRef(load);
  ref.current = load;
  const reload = useCallback(() => {
    const n = ++seq.current;
    ref.current().then((d) => {
      if (n === seq.current) {
        setData(d);
        setError(null);
      }
    }, (e) => {
      if (n === seq.current) setError(e);
    });
  }, []);
  useEffect(reload, deps); // eslint-disable-line react-hooks/exhaustive-deps
  return { data, error, reload, setData };
}
