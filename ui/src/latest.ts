import { useRef } from "preact/hooks";

/** A ref holding this render's `value`: stable callbacks and event handlers read the
 * state on screen through it without being made again (or re-subscribed) per render. */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}

/** The newer of two statuses (the download queue's, the metadata fetch's, the PDF
 * text pass's): they come as events and as commands' results, and a command's
 * result may arrive after the events that followed it. */
export function newerStatus<S extends { seq: number }>(current: S | null, next: S): S {
  return current && current.seq > next.seq ? current : next;
}
