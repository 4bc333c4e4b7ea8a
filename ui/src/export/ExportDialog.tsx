import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog";
import type { DigestItem, ExportDone, ExportFormat, TagItem } from "../bindings";
import { t } from "../i18n";
import { call, toAppError } from "../ipc";
import type { ListWant } from "../list/request";
import { countLabel, digestsNewestFirst } from "../list/view";
import { Modal } from "../Modal";
import { defaultPath, folderOf, formatInfo, FORMATS, loadLast, saveLast, targetQuery, withFormat, type ExportTarget } from "./exportPlan";
import "./export.css";

export interface ExportDialogProps {
  /** The list on screen when the dialog opened. */
  list: ListWant;
  /** Its title ("Starred", "Search: …"). */
  listTitle: string;
  digests: readonly DigestItem[];
  tags: readonly TagItem[];
  onClose: () => void;
}

type Kind = ExportTarget["kind"];

/** A failure to show: its message, and whether it is a file that may be replaced. */
interface Problem {
  message: string;
  exists: boolean;
}

/** Export papers: which (the list, Starred, a digest, a tag), in which format, where;
 * then what was written. */
export function ExportDialog({ list, listTitle, digests, tags, onClose }: ExportDialogProps) {
  const last = useMemo(() => loadLast(), []);
  const newest = useMemo(() => digestsNewestFirst(digests), [digests]);
  // A digest is chosen by its date (a date may have several files: all of them).
  const digestOptions = useMemo(() => {
    const dates = [...new Set(newest.map((d) => d.date))];
    return dates.map((date) => {
      const files = newest.filter((d) => d.date === date);
      return { value: date, label: files.length === 1 ? `${date} · ${countLabel(files[0]!.papers)}` : date };
    });
  }, [newest]);
  const tagOptions = useMemo(() => tags.map((x) => ({ value: x.name, label: `#${x.name} · ${countLabel(x.papers)}` })), [tags]);
  const [kind, setKind] = useState<Kind>("list");
  const [date, setDate] = useState(list.selection.kind === "digest" ? list.selection.date : (newest[0]?.date ?? ""));
  const [tag, setTag] = useState(list.selection.kind === "tag" ? list.selection.name : (tags[0]?.name ?? ""));
  const [format, setFormat] = useState<ExportFormat>(last.format);
  const [folder, setFolder] = useState<string | null>(last.folder);
  /** The path typed or chosen; null: the default, which follows the choices. */
  const [typed, setTyped] = useState<string | null>(null);
  /** A path the native save dialog returned (it asked about replacing already). */
  const confirmed = useRef<string | null>(null);
  const [force, setForce] = useState(false);
  /** How many papers the export holds; `exact` false: at least that many (a search core counted to 10,000). */
  const [count, setCount] = useState<number | null>(null);
  const [exact, setExact] = useState(true);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<ExportDone | null>(null);
  const problemBox = useRef<HTMLDivElement>(null);
  // A problem shows below the fields: brought into view when it appears.
  useEffect(() => problemBox.current?.scrollIntoView?.({ block: "nearest" }), [problem]);

  const target: ExportTarget = kind === "digest" ? { kind, date } : kind === "tag" ? { kind, name: tag } : { kind };
  const targetKey = JSON.stringify(target);
  // `target` is made anew each render: its JSON says when it changed.
  const query = useMemo(() => targetQuery(JSON.parse(targetKey) as ExportTarget, list), [targetKey, list]);
  const info = formatInfo(format);
  const path = typed ?? (folder === null ? "" : defaultPath(folder, target, list, format));

  // The default folder: the last export's, else Documents (or home).
  useEffect(() => {
    if (folder !== null) return;
    call("export_folder").then(setFolder, () => setFolder(""));
  }, [folder]);

  // How many papers the export will hold (the list's count, asked as it is).
  useEffect(() => {
    let live = true;
    setCount(null);
    call("find_papers", { query: { ...query, limit: 0 } }).then(
      (page) => {
        if (!live) return;
        setCount(page.total);
        setExact(page.total_exact);
      },
      (e: unknown) => live && setProblem({ message: toAppError(e).message, exists: false }),
    );
    return () => {
      live = false;
    };
  }, [query]);

  const changeFormat = (next: ExportFormat) => {
    if (typed !== null) setTyped(withFormat(typed, format, next));
    setFormat(next);
    setProblem(null);
  };

  const choose = async () => {
    setProblem(null);
    try {
      const picked = info.extension
        ? await saveDialog({ title: t("export.title"), defaultPath: path || undefined, filters: [{ name: info.filterName, extensions: [info.extension.split(".").pop()!] }] })
        : await openDialog({ title: t("export.chooseFolder"), directory: true, multiple: false, defaultPath: folderOf(path) || undefined });
      if (typeof picked !== "string") return;
      setTyped(picked);
      confirmed.current = info.extension ? picked : null;
    } catch (e) {
      setProblem({ message: toAppError(e).message, exists: false });
    }
  };

  const run = async (opts: { replace?: boolean; force?: boolean } = {}) => {
    if (path.trim() === "") {
      setProblem({ message: t("export.noPath"), exists: false });
      return;
    }
    // An empty file would replace nothing useful: say so instead.
    if (count === 0) {
      setProblem({ message: t("export.none"), exists: false });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const replace = opts.replace ?? confirmed.current === path;
      const result = await call("export_papers", { query, format, path, replace, force: opts.force ?? force });
      saveLast(result.path, format);
      setDone(result);
    } catch (e) {
      const error = toAppError(e);
      setProblem({ message: error.code === "exists" ? t("export.exists", { path }) : error.message, exists: error.code === "exists" });
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: Event) => {
    e.preventDefault();
    void run();
  };

  if (done) {
    return (
      <Modal title={t("export.doneTitle")} onClose={onClose} testId="export-dialog">
        <ExportResult done={done} format={format} busy={busy} onOverwrite={() => void run({ force: true })} />
        {problem ? (
          <p class="form-error" role="alert" data-testid="export-error">
            {sentence(problem.message)}
          </p>
        ) : null}
        <div class="modal-actions">
          <button type="button" data-testid="export-again" onClick={() => setDone(null)}>
            {t("export.again")}
          </button>
          <button type="button" class="primary" data-testid="export-close" onClick={onClose}>
            {t("export.closeDone")}
          </button>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title={t("export.title")} onClose={onClose} testId="export-dialog">
      <form class="settings-form export-form" onSubmit={submit} aria-busy={busy}>
        <fieldset class="export-section">
          <legend>{t("export.what")}</legend>
          <div class="export-choices" role="radiogroup">
            <ScopeChoice kind="list" current={kind} onPick={setKind} label={t("export.list")} detail={listTitle} />
            <ScopeChoice kind="starred" current={kind} onPick={setKind} label={t("export.starred")} />
            {digestOptions.length > 0 ? (
              <ScopeChoice kind="digest" current={kind} onPick={setKind} label={t("export.digest")}>
                <ScopeSelect testId="export-digest" label={t("export.digest")} value={date} options={digestOptions} onPick={(v) => (setDate(v), setKind("digest"))} />
              </ScopeChoice>
            ) : null}
            {tags.length > 0 ? (
              <ScopeChoice kind="tag" current={kind} onPick={setKind} label={t("export.tag")}>
                <ScopeSelect testId="export-tag" label={t("export.tag")} value={tag} options={tagOptions} onPick={(v) => (setTag(v), setKind("tag"))} />
              </ScopeChoice>
            ) : null}
          </div>
          <p class={count === 0 ? "export-count is-empty" : "export-count"} data-testid="export-count" data-count={count ?? ""} aria-live="polite">
            {count === null ? t("export.counting") : count === 0 ? t("export.none") : t("export.count", { papers: countLabel(count, exact) })}
          </p>
        </fieldset>

        <fieldset class="export-section">
          <legend>{t("export.format")}</legend>
          <div class="export-formats" role="radiogroup">
            {FORMATS.map((f) => (
              <label key={f.format} class={f.format === format ? "export-format is-picked" : "export-format"} data-testid={`export-format-${f.format}`}>
                <input type="radio" name="export-format" value={f.format} checked={f.format === format} onChange={() => changeFormat(f.format)} />
                <span class="export-format-name">
                  {t(f.label)}
                  <span class="export-ext">{f.extension ?? t("export.folder")}</span>
                </span>
                <span class="export-format-hint">{t(f.hint)}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset class="export-section">
          <legend>{info.extension ? t("export.saveTo") : t("export.saveToFolder")}</legend>
          <div class="export-path">
            <input
              type="text"
              spellcheck={false}
              value={path}
              data-testid="export-path"
              aria-label={info.extension ? t("export.saveTo") : t("export.saveToFolder")}
              placeholder={folder === null ? "…" : undefined}
              onInput={(e) => {
                setTyped((e.target as HTMLInputElement).value);
                setProblem(null);
              }}
            />
            <button type="button" data-testid="export-choose" onClick={() => void choose()}>
              {t("export.choose")}
            </button>
          </div>
          <small class="muted">{info.extension ? t("export.fileHelp") : t("export.folderHelp")}</small>
          {info.extension ? null : (
            <label class="field checkbox export-force">
              <input type="checkbox" checked={force} data-testid="export-force" onChange={(e) => setForce((e.target as HTMLInputElement).checked)} />
              <span>{t("export.force")}</span>
            </label>
          )}
        </fieldset>

        {problem ? (
          <div class="form-error export-problem" role="alert" data-testid="export-error" ref={problemBox}>
            <span>{sentence(problem.message)}</span>
            {problem.exists ? (
              <button type="button" class="danger" data-testid="export-replace" onClick={() => void run({ replace: true })}>
                {t("export.replace")}
              </button>
            ) : null}
          </div>
        ) : null}
        <div class="modal-actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" class="primary" data-testid="export-run" disabled={busy}>
            {busy ? t("export.running") : t("export.run")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** A digest or a tag to export; choosing one chooses its row too. */
function ScopeSelect({ testId, label, value, options, onPick }: { testId: string; label: string; value: string; options: { value: string; label: string }[]; onPick: (value: string) => void }) {
  return (
    <select value={value} data-testid={testId} aria-label={label} onFocus={() => onPick(value)} onChange={(e) => onPick((e.target as HTMLSelectElement).value)}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** core's messages start in lower case (they follow "error:" on a terminal). */
function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

function ScopeChoice({
  kind,
  current,
  onPick,
  label,
  detail,
  children,
}: {
  kind: Kind;
  current: Kind;
  onPick: (kind: Kind) => void;
  label: string;
  detail?: string;
  children?: ComponentChildren;
}) {
  return (
    <label class={kind === current ? "export-choice is-picked" : "export-choice"} data-testid={`export-scope-${kind}`}>
      <input type="radio" name="export-scope" value={kind} checked={kind === current} onChange={() => onPick(kind)} />
      <span class="export-choice-label">{label}</span>
      {detail ? <span class="export-choice-detail muted">{detail}</span> : null}
      {children}
    </label>
  );
}

/** What was written: a file's papers, or a folder's notes (kept ones named). */
function ExportResult({ done, format, busy, onOverwrite }: { done: ExportDone; format: ExportFormat; busy: boolean; onOverwrite: () => void }) {
  const notes = done.notes;
  const kept = notes ? [...notes.kept_edited, ...notes.kept_foreign] : [];
  return (
    <div class="export-result" data-testid="export-result">
      <div class="export-result-head">
        <span class="export-result-icon" aria-hidden="true">
          ✓
        </span>
        <p data-testid="export-summary">
          {notes
            ? t("export.doneNotes", { papers: countLabel(done.papers) })
            : t("export.doneFile", { papers: countLabel(done.papers), format: t(formatInfo(format).label) })}
        </p>
      </div>
      <code class="export-result-path" data-testid="export-result-path" title={done.path}>
        {done.path}
      </code>
      {notes ? (
        <>
          <ul class="export-tally">
            <li data-testid="export-written">
              <strong>{notes.written}</strong> {t("export.written")}
            </li>
            <li data-testid="export-unchanged">
              <strong>{notes.unchanged}</strong> {t("export.unchanged")}
            </li>
            <li data-testid="export-kept" class={kept.length > 0 ? "is-kept" : ""}>
              <strong>{kept.length}</strong> {t("export.kept")}
            </li>
          </ul>
          {kept.length > 0 ? (
            <div class="export-kept">
              <p>{t("export.keptHelp")}</p>
              <ul class="export-kept-files">
                {kept.slice(0, 10).map((name) => (
                  <li key={name}>{name}</li>
                ))}
                {kept.length > 10 ? <li class="muted">{t("export.andMore", { n: kept.length - 10 })}</li> : null}
              </ul>
              <button type="button" class="danger" data-testid="export-overwrite" disabled={busy} onClick={onOverwrite}>
                {t("export.overwrite")}
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
