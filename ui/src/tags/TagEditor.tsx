import { useRef, useState } from "preact/hooks";
import type { TagItem } from "../bindings";
import { t } from "../i18n";
import { call, errorText } from "../ipc";

export interface TagEditorProps {
  paperId: number;
  /** The paper's tags (they come with the paper, and `onChanged` updates it). */
  tags: string[];
  /** The library's tags, offered as suggestions. */
  allTags: TagItem[];
  /** The paper's tags are now `tags` (the paper, the sidebar's counts and the list
   * may need them). */
  onChanged: (paperId: number, tags: string[]) => void;
}

/** The paper's own tags: type a name and press Enter to add one, × removes one. */
export function TagEditor({ paperId, tags, allTags, onChanged }: TagEditorProps) {
  const [input, setInput] = useState("");
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);

  /** Runs a change; true when it went through. */
  const change = async (run: () => Promise<string[]>): Promise<boolean> => {
    const mine = ++request.current;
    try {
      const list = await run();
      // A later change reports the tags after it.
      if (mine === request.current) {
        setError(null);
        onChanged(paperId, list);
      }
      return true;
    } catch (e) {
      if (mine === request.current) setError(errorText(e));
      return false;
    }
  };

  const add = async () => {
    const name = input.trim();
    if (name === "") return;
    if (await change(() => call("add_tag", { id: paperId, tag: name }))) setInput("");
  };

  const lower = new Set(tags.map((tag) => tag.toLowerCase()));
  const suggestions = allTags.filter((tag) => !lower.has(tag.name.toLowerCase()));
  const listId = `tag-suggestions-${paperId}`;

  return (
    <div class="tag-editor" data-testid="tag-editor" aria-label={t("tags.title")}>
      <ul class="tag-list">
        {tags.map((tag) => (
          <li key={tag} class="tag-chip" data-testid="paper-tag" data-tag={tag}>
            <span class="tag-name">{tag}</span>
            <button
              type="button"
              class="tag-remove"
              data-testid="paper-tag-remove"
              title={t("tags.remove", { tag })}
              aria-label={t("tags.remove", { tag })}
              onClick={() => void change(() => call("remove_tag", { id: paperId, tag }))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        type="text"
        class="tag-input"
        data-testid="tag-input"
        list={listId}
        placeholder={t("tags.add")}
        value={input}
        maxLength={64}
        onInput={(e) => setInput((e.target as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.isComposing) {
            e.preventDefault();
            void add();
          } else if (e.key === "Escape") {
            // Leave the field without the app's Escape (which clears a search).
            e.stopPropagation();
            setInput("");
            (e.target as HTMLInputElement).blur();
          }
        }}
      />
      <datalist id={listId}>
        {suggestions.map((tag) => (
          <option key={tag.name} value={tag.name} />
        ))}
      </datalist>
      {error ? (
        <p class="tag-error" role="alert" data-testid="tag-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
