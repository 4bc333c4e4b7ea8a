import "./search.css";
import type { CategoryItem, TagItem } from "../bindings";
import { activeFilters, noFilters, type Filters, type Tri } from "./filters";
import { t, type MessageKey } from "../i18n";

export interface FilterBarProps {
  filters: Filters;
  tags: TagItem[];
  /** The categories the library's papers have (from arXiv's metadata). */
  categories: CategoryItem[];
  onChange: (filters: Filters) => void;
}

function triValue(v: Tri): string {
  return v === null ? "" : v ? "yes" : "no";
}

function parseTri(value: string): Tri {
  return value === "yes" ? true : value === "no" ? false : null;
}

type TriField = "read" | "starred" | "hasPdf" | "hasNote" | "newVersion";

const TRI: ReadonlyArray<{ field: TriField; label: MessageKey; yes: MessageKey; no: MessageKey; testid: string }> = [
  { field: "read", label: "filter.read", yes: "filter.readOnly", no: "filter.unreadOnly", testid: "filter-read" },
  { field: "starred", label: "filter.starred", yes: "filter.starredOnly", no: "filter.notStarred", testid: "filter-starred" },
  { field: "hasPdf", label: "filter.pdf", yes: "filter.withPdf", no: "filter.withoutPdf", testid: "filter-pdf" },
  { field: "hasNote", label: "filter.note", yes: "filter.withNote", no: "filter.withoutNote", testid: "filter-note" },
  { field: "newVersion", label: "filter.newVersion", yes: "filter.newVersionOnly", no: "filter.noNewVersion", testid: "filter-new-version" },
];

/** Conditions that combine with the search and with each other. */
export function FilterBar({ filters, tags, categories, onChange }: FilterBarProps) {
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  // A tag the filter names but the library no longer has stays choosable, so the
  // select shows the truth.
  const tagNames = tags.map((tag) => tag.name);
  if (filters.tag !== "" && !tagNames.includes(filters.tag)) tagNames.unshift(filters.tag);
  const categoryOptions = categories.map((c) => ({ name: c.name, label: `${c.name} (${c.papers})` }));
  if (filters.category !== "" && !categories.some((c) => c.name === filters.category)) {
    categoryOptions.unshift({ name: filters.category, label: filters.category });
  }
  return (
    <div class="filter-bar" data-testid="filter-bar">
      {TRI.map(({ field, label, yes, no, testid }) => (
        <label class="filter-field" key={field}>
          <span>{t(label)}</span>
          <select
            data-testid={testid}
            class={filters[field] !== null ? "is-set" : ""}
            value={triValue(filters[field])}
            onChange={(e) => set({ [field]: parseTri((e.target as HTMLSelectElement).value) })}
          >
            <option value="">{t("filter.any")}</option>
            <option value="yes">{t(yes)}</option>
            <option value="no">{t(no)}</option>
          </select>
        </label>
      ))}
      <label class="filter-field">
        <span>{t("filter.since")}</span>
        <input type="date" data-testid="filter-since" value={filters.since} onChange={(e) => set({ since: (e.target as HTMLInputElement).value })} />
      </label>
      <label class="filter-field">
        <span>{t("filter.until")}</span>
        <input type="date" data-testid="filter-until" value={filters.until} onChange={(e) => set({ until: (e.target as HTMLInputElement).value })} />
      </label>
      <label class="filter-field">
        <span>{t("filter.keyword")}</span>
        <input
          type="text"
          data-testid="filter-keyword"
          placeholder={t("filter.keywordPlaceholder")}
          value={filters.keyword}
          onChange={(e) => set({ keyword: (e.target as HTMLInputElement).value.trim() })}
        />
      </label>
      <label class="filter-field">
        <span>{t("list.authorFilter")}</span>
        <input
          type="text"
          data-testid="filter-author"
          value={filters.author}
          onChange={(e) => set({ author: (e.target as HTMLInputElement).value.trim() })}
        />
      </label>
      <label class="filter-field">
        <span>{t("filter.tag")}</span>
        <select data-testid="filter-tag" value={filters.tag} onChange={(e) => set({ tag: (e.target as HTMLSelectElement).value })}>
          <option value="">{t("filter.any")}</option>
          {tagNames.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label class="filter-field">
        <span>{t("filter.category")}</span>
        <select
          data-testid="filter-category"
          class={filters.category !== "" ? "is-set" : ""}
          value={filters.category}
          onChange={(e) => set({ category: (e.target as HTMLSelectElement).value })}
        >
          <option value="">{t("filter.any")}</option>
          {categoryOptions.map((c) => (
            <option key={c.name} value={c.name}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      {activeFilters(filters) > 0 ? (
        <button type="button" data-testid="filter-clear" onClick={() => onChange(noFilters)}>
          {t("filter.clear")}
        </button>
      ) : null}
    </div>
  );
}
