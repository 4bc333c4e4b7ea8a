import type { Highlight } from "../bindings";
import { highlightFragments, leadUpTo } from "./highlight";

/** Text with its matches in <mark> elements; every piece is JSX text, never HTML.
 * `lead` keeps at most that many characters before the first match. */
export function Marked({ value, lead }: { value: Highlight; lead?: number }) {
  const pieces = highlightFragments(value);
  return (
    <>
      {(lead === undefined ? pieces : leadUpTo(pieces, lead)).map((f, i) => (f.hit ? <mark key={i}>{f.text}</mark> : f.text))}
    </>
  );
}
