import { useRef } from "preact/hooks";

/** A ref holding this render's `value`: stable callbacks and event handlers read the
 * state on screen through it without being made again (or re-subscribed) per render. */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
