import { useState } from 'react';

/** A row of a list being edited; `key` keeps React's rows apart while they are still empty or alike. */
export type Keyed<T> = T & { key: number };

/** The rows of a list a form edits (certifications, confirmations…): change one, add a blank one, remove one. */
export function useRows<T extends object>(initial: readonly T[], blank: () => T) {
  const [rows, setRows] = useState<Keyed<T>[]>(() => initial.map((row, key) => ({ ...row, key })));
  const [nextKey, setNextKey] = useState(initial.length);
  return {
    rows,
    set: (key: number, patch: Partial<T>) =>
      setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r))),
    add: () => {
      setRows((rs) => [...rs, { ...blank(), key: nextKey }]);
      setNextKey((k) => k + 1);
    },
    remove: (key: number) => setRows((rs) => rs.filter((r) => r.key !== key)),
  };
}
