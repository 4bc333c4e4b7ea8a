import { t } from "../i18n";
import type { Metadata } from "./useMetadata";

/** The automatic metadata fetch, quietly: under way, or why it fetched nothing (the
 * papers are asked again next time); never a dialog. */
export function MetadataNotice({ metadata }: { metadata: Pick<Metadata, "notice" | "dismiss"> }) {
  const { notice, dismiss } = metadata;
  if (!notice) return null;
  return (
    <span class={`metadata-notice is-${notice.kind}`} data-testid="metadata-notice" data-kind={notice.kind} role="status" title={notice.text}>
      <span class="metadata-notice-text">{notice.text}</span>
      {notice.kind === "problem" ? (
        <button type="button" class="icon-button" data-testid="metadata-notice-dismiss" aria-label={t("common.close")} title={t("common.close")} onClick={dismiss}>
          ×
        </button>
      ) : null}
    </span>
  );
}
