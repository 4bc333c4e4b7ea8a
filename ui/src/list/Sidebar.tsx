import { memo } from "preact/compat";
import { useMemo } from "preact/hooks";
import type { Overview, Scope, TagItem } from "../bindings";
import { locale, t } from "../i18n";
import { formatBytes } from "../pdf/pdf";
import { sameSelection, selectionKey, sidebarEntries, type SidebarEntry } from "./view";
import { TagList, type TagListProps } from "../tags/TagList";

export interface SidebarProps {
  overview: Overview;
  selection: Scope;
  onSelect: (selection: Scope) => void;
  tags: TagItem[];
  activeTag: string;
  onTag: TagListProps["onSelect"];
  onRenameTag: TagListProps["onRename"];
}

export function Sidebar({ overview, selection, onSelect, tags, activeTag, onTag, onRenameTag }: SidebarProps) {
  // A library has hundreds of digests: their entries are made once per overview (and
  // language), and a switch re-renders only the two items whose state changed.
  const lang = locale();
  const entries = useMemo(() => sidebarEntries(overview), [overview, lang]);
  const item = (entry: SidebarEntry) => (
    <NavItem key={selectionKey(entry.selection)} entry={entry} active={sameSelection(entry.selection, selection)} onSelect={onSelect} />
  );
  const fixed = entries.filter((e) => e.selection.kind !== "digest");
  const digests = entries.filter((e) => e.selection.kind === "digest");
  return (
    <nav class="sidebar" aria-label="Library">
      <ul class="nav-list">{fixed.map(item)}</ul>
      <h2 class="nav-heading">{t("nav.digests")}</h2>
      {digests.length > 0 ? <ul class="nav-list">{digests.map(item)}</ul> : <p class="nav-empty">{t("nav.noDigests")}</p>}
      <TagList tags={tags} activeTag={activeTag} onSelect={onTag} onRename={onRenameTag} />
      <p
        class="pdf-cache muted"
        data-testid="pdf-cache"
        data-count={overview.pdfs.count}
        title={overview.pdfs.partial_count > 0 ? t("pdf.cachePartial", { count: overview.pdfs.partial_count, size: formatBytes(overview.pdfs.partial_bytes) }) : undefined}
      >
        {t("pdf.cache", { count: overview.pdfs.count, size: formatBytes(overview.pdfs.bytes) })}
      </p>
    </nav>
  );
}

interface NavItemProps {
  entry: SidebarEntry;
  active: boolean;
  onSelect: (selection: Scope) => void;
}

const NavItem = memo(function NavItem({ entry, active, onSelect }: NavItemProps) {
  return (
    <li>
      <button
        type="button"
        class={active ? "nav-item is-active" : "nav-item"}
        aria-current={active ? "page" : undefined}
        data-testid="nav-item"
        data-selection={selectionKey(entry.selection)}
        onClick={() => onSelect(entry.selection)}
      >
        <span class="nav-label">{entry.label}</span>
        <span class={entry.countKind !== "papers" && entry.count > 0 ? "count is-unread" : "count"} data-testid="nav-count" data-count-kind={entry.countKind}>
          {entry.count}
        </span>
      </button>
    </li>
  );
});
