import { t } from "../i18n";
import type { List } from "./useList";

/** The toolbar's search: results as you type (once typing pauses), Enter at once. */
export function SearchBox({ list }: { list: List }) {
  return (
    <form
      class="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        list.searchDebounce.flush(list.searchInput);
      }}
    >
      <input
        ref={list.searchBox}
        type="search"
        data-testid="search"
        placeholder={t("search.placeholder")}
        value={list.searchInput}
        onInput={(e) => list.typeSearch((e.target as HTMLInputElement).value)}
      />
    </form>
  );
}
