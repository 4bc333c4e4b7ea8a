// The papers most like the open one (the For you model's features, by cosine),
// below its note; each opens on click.

import { useEffect, useState } from "preact/hooks";
import type { SimilarItem } from "../bindings";
import { t } from "../i18n";
import { call, errorText } from "../ipc";
import { whyText } from "./why";

/** How many similar papers the paper view lists. */
export const SIMILAR_SHOWN = 10;

type Loaded = { id: number; items: SimilarItem[] } | { id: number; error: string };

export function SimilarPapers({ paperId, onOpen }: { paperId: number; onOpen: (id: number) => void }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    let current = true;
    call("similar_papers", { id: paperId, limit: SIMILAR_SHOWN }).then(
      (items) => current && setLoaded({ id: paperId, items }),
      (error: unknown) => current && setLoaded({ id: paperId, error: errorText(error) }),
    );
    return () => {
      current = false;
    };
  }, [paperId]);
  // Another paper's answer is not shown while this one's is on its way.
  const mine = loaded && loaded.id === paperId ? loaded : null;
  return (
    <section class="similar" data-testid="similar" aria-busy={mine === null}>
      <h2>{t("similar.title")}</h2>
      {mine === null ? null : "error" in mine ? (
        <p class="muted" role="status" data-testid="similar-error">
          {mine.error}
        </p>
      ) : mine.items.length === 0 ? (
        <p class="muted" data-testid="similar-none">
          {t("similar.none")}
        </p>
      ) : (
        <ol class="similar-list">
          {mine.items.map((s) => (
            <li key={s.paper.id}>
              <button type="button" class="similar-paper" data-testid="similar-paper" data-id={s.paper.id} onClick={() => onOpen(s.paper.id)}>
                <span class="similar-title">{s.paper.title}</span>
                {s.why.length > 0 ? <span class="similar-why muted">{t("similar.shared", { why: whyText(s.why) })}</span> : null}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
