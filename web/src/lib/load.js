// Loads data for a page and reloads it after an action.
import { useCallback, useEffect, useState } from 'preact/hooks';

export function useLoad(loader, keys) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    loader()
      .then((data) => current && setState({ data, error: null, loading: false }))
      .catch((error) => current && setState({ data: null, error, loading: false }));
    return () => {
      current = false;
    };
  }, [...keys, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { ...state, reload };
}

/// Loads a value that may be refused (e.g. not yet public): null instead of an error.
export const optional = (promise) => promise.catch(() => null);
