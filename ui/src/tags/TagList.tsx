import { useState } from "preact/hooks";
import type { TagItem } from "../bindings";
import { t } from "../i18n";

export interface TagListProps {
  tags: TagItem[];
  /** The tag the list is filtered by, or "". */
  activeTag: string;
  onSelect: (tag: string) => void;
  /** Resolves to an error message, or null once renamed. */
  onRename: (from: string, to: string) => Promise<string | null>;
}

/** The reader's tags in the sidebar: a click lists the papers with it; ✎ renames it. */
export function TagList({ tags, activeTag, onSelect, onRename }: TagListProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);

  const commit = async (from: string) => {
    const to = draft.trim();
    if (to === "" || to === from) {
      setEditing(null);
      return;
    }
    const failure = await onRename(from, to);
    setError(failure);
    if (failure === null) setEditing(null);
  };

  return (
    <>
      <h2 class="nav-heading">{t("tags.title")}</h2>
      {tags.length === 0 ? (
        <p class="nav-empty">{t("tags.none")}</p>
      ) : (
        <ul class="nav-list" data-testid="tag-nav">
          {tags.map((tag) =>
            editing === tag.name ? (
              <li key={tag.name} class="tag-rename">
                <input
                  type="text"
                  data-testid="tag-rename-input"
                  aria-label={t("tags.renameLabel", { tag: tag.name })}
                  value={draft}
                  maxLength={64}
                  ref={(el) => el?.focus()}
                  onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" && !e.isComposing) {
                      e.preventDefault();
                      void commit(tag.name);
                    } else if (e.key === "Escape") {
                      e.stopPropagation();
                      setEditing(null);
                      setError(null);
                    }
                  }}
                />
                {error ? (
                  <p class="tag-error" role="alert">
                    {error}
                  </p>
                ) : null}
              </li>
            ) : (
              <li key={tag.name} class="tag-nav-row">
                <button
                  type="button"
                  class={tag.name === activeTag ? "nav-item is-active" : "nav-item"}
                  aria-current={tag.name === activeTag ? "page" : undefined}
                  data-testid="tag-nav-item"
                  data-tag={tag.name}
                  onClick={() => onSelect(tag.name === activeTag ? "" : tag.name)}
                >
                  <span class="nav-label"># {tag.name}</span>
                  <span class="count" data-testid="tag-count">
                    {tag.papers}
                  </span>
                </button>
                <button
                  type="button"
                  class="icon-button tag-rename-button"
                  data-testid="tag-rename"
                  title={t("tags.rename")}
                  aria-label={`${t("tags.rename")}: ${tag.name}`}
                  onClick={() => {
                    setEditing(tag.name);
                    setDraft(tag.name);
                    setError(null);
                  }}
                >
                  ✎
                </button>
              </li>
            ),
          )}
        </ul>
      )}
    </>
  );
}
