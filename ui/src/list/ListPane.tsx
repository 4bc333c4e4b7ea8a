import type { ComponentChildren } from "preact";
import type { Overview, PaperItem, TagItem } from "../bindings";
import { locale, t } from "../i18n";
import type { MarkField } from "../paper/marks";
import { useCategories } from "../metadata/useMetadata";
import { FilterBar } from "./FilterBar";
import { activeFilters, type SortChoice } from "./filters";
import { FOR_YOU_MIN_POSITIVES } from "./request";
import { PaperList } from "./PaperList";
import type { List } from "./useList";
import { countLabel, digestShown, emptyListMessage, selectionTitle } from "./view";

export interface ListPaneProps {
  list: List;
  overview: Overview;
  tags: TagItem[];
  /** Hidden while a PDF is read (the list keeps its place). */
  hidden: boolean;
  openId: number | null;
  onRow: (index: number, open: boolean) => void;
  onToggle: (paper: PaperItem, mark: MarkField) => void;
  onMarkDigestRead: (date: string) => void;
  /** The PDF actions on the list, after its own. */
  pdfTools: ComponentChildren;
}

/** The list of papers with its title, count, tools and filter bar. */
export function ListPane({ list, overview, tags, hidden, openId, onRow, onToggle, onMarkDigestRead, pdfTools }: ListPaneProps) {
  const { selection, filters, search, papers, found } = list;
  const categories = useCategories(list.filtersOpen);
  const set = activeFilters(filters);
  const digest = digestShown(selection, search);
  const digestInfo = digest ? overview.digests.find((d) => d.date === digest) : undefined;
  return (
    <section class="list-pane" hidden={hidden} data-query={list.shownQuery}>
      <header class="list-header">
        <div class="list-title">
          <h2 data-testid="list-title">{selectionTitle(selection, search)}</h2>
          <span class="muted" data-testid="list-count" data-total={list.total}>
            {countLabel(list.total, list.exact)}
          </span>
        </div>
        <div class="list-tools">
          {filters.keyword ? (
            <button type="button" class="chip is-active" data-testid="keyword-filter" title={t("list.clearFilter")} onClick={() => list.filterKeyword(null)}>
              {t("list.filter")}: {filters.keyword} ×
            </button>
          ) : null}
          {filters.author ? (
            <button type="button" class="chip is-active" data-testid="author-filter" title={t("list.clearFilter")} onClick={() => list.filterAuthor(null)}>
              {t("list.authorFilter")}: {filters.author} ×
            </button>
          ) : null}
          <button type="button" class={set > 0 ? "filter-toggle is-set" : "filter-toggle"} data-testid="filter-toggle" aria-expanded={list.filtersOpen} onClick={list.toggleFilters}>
            {t("filter.button")}
            {set > 0 ? ` (${set})` : ""} ▾
          </button>
          {digest && digestInfo && digestInfo.unread > 0 ? (
            <button type="button" data-testid="mark-digest-read" onClick={() => onMarkDigestRead(digest)}>
              ✓ {t("list.markDigestRead")}
            </button>
          ) : null}
          <label class="sort-choice">
            <span class="muted">{t("sort.label")}</span>{" "}
            <select data-testid="sort" value={list.sort} onChange={(e) => list.changeSort(e.currentTarget.value as SortChoice)}>
              <option value="auto" title={t("sort.autoTitle", { n: FOR_YOU_MIN_POSITIVES })}>
                {t("sort.auto")}
              </option>
              <option value="listed">{t("sort.listed")}</option>
              <option value="for_you">{t("sort.forYou")}</option>
            </select>
          </label>
          {pdfTools}
        </div>
      </header>
      {list.forYou?.kind === "too_few_positives" ? (
        <p class="list-notice" role="status" data-testid="foryou-too-few">
          {t("foryou.tooFew", { n: list.forYou.positives, needed: list.forYou.needed })}
        </p>
      ) : null}
      {list.filtersOpen ? <FilterBar filters={filters} tags={tags} categories={categories} onChange={list.changeFilters} /> : null}
      {list.error !== null ? (
        <p class="list-empty" role="status" data-testid="list-error">
          {list.error}
        </p>
      ) : list.loaded && papers.length === 0 ? (
        <p class="list-empty" data-testid="list-empty">
          {found ? t("search.noMatch") : t(emptyListMessage(selection))}
        </p>
      ) : (
        <PaperList
          papers={papers}
          cursor={list.cursor}
          openId={openId}
          activeKeyword={filters.keyword || null}
          found={found}
          onNearEnd={papers.length < list.total || !list.exact ? () => void list.loadMore() : undefined}
          onSelect={onRow}
          onToggle={onToggle}
          onKeyword={list.filterKeyword}
          lang={locale()}
        />
      )}
    </section>
  );
}
