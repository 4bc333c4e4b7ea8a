// arXiv's metadata in the app, as plain logic: which status of the automatic fetch is
// the newest, when a finished run changed what the list shows, and what the quiet
// notice in the toolbar says.

import type { MetadataStatus } from "../bindings";
import { t } from "../i18n";

/** A run ended having stored metadata: the list and the open paper show it without a
 * click. (Progress always comes with `running`; a run's end never does.) */
export function storedSomething(current: MetadataStatus | null, next: MetadataStatus): boolean {
  return (current === null || next.seq > current.seq) && !next.running && next.updated > 0;
}

export type Notice = { kind: "running" | "problem"; text: string };

/** The toolbar's notice: the fetch under way, or why the last run fetched nothing (until
 * the reader closes it, `dismissed` being that status's `seq`); nothing otherwise. */
export function metadataNotice(status: MetadataStatus | null, dismissed: number): Notice | null {
  if (!status) return null;
  if (status.running) return { kind: "running", text: t("metadata.fetching", { done: status.done, total: status.total }) };
  if (status.problem && status.seq > dismissed) return { kind: "problem", text: t("metadata.failed", { problem: status.problem }) };
  return null;
}
