import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Autosave, type SaveState } from "./autosave";
import { t } from "../i18n";
import { call } from "../ipc";
import { Markdown, type LinkHandler } from "./markdown";
import { drafts } from "./drafts";

export interface NoteHandle {
  /** Saves what is typed; resolves once the library has it. */
  flush: () => Promise<void>;
  /** Switches to the editor and focuses it. */
  edit: () => void;
  /** Leaves the editor for the preview, saving first. */
  leave: () => Promise<void>;
  editing: () => boolean;
}

/** The note editor on screen, for window-close and keyboard handling. */
export let activeNote: NoteHandle | null = null;

export interface NoteEditorProps {
  paperId: number;
  /** The note as the library has it. */
  note: string;
  onSaved: (paperId: number, text: string) => void;
  onLink: LinkHandler;
}

export function NoteEditor({ paperId, note, onSaved, onLink }: NoteEditorProps) {
  const draft = drafts.get(paperId);
  const [text, setText] = useState(draft ?? note);
  const [editing, setEditing] = useState(false);
  const [state, setState] = useState<SaveState>(draft !== null && draft !== note ? "dirty" : "saved");
  const [error, setError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const textRef = useRef(text);
  textRef.current = text;

  const autosave = useMemo(
    () =>
      new Autosave({
        save: async (value) => {
          await call("save_note", { id: paperId, text: value });
          drafts.saved(paperId, value);
          onSaved(paperId, value);
        },
        onState: (s, message) => {
          setState(s);
          setError(s === "failed" ? (message ?? "") : null);
        },
      }),
    // One autosave per paper; the component is keyed by paper id too.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [paperId],
  );

  // A draft left by a crash or a kill is saved as soon as the paper is shown again.
  useEffect(() => {
    if (draft !== null && draft !== note) autosave.edit(draft);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [autosave]);

  // The library changed under us (the CLI): take its note unless we hold unsaved text.
  useEffect(() => {
    if (!autosave.unsaved && note !== textRef.current) setText(note);
  }, [note, autosave]);

  useEffect(() => {
    const handle: NoteHandle = {
      flush: () => autosave.flush(),
      edit: () => {
        setEditing(true);
        requestAnimationFrame(() => area.current?.focus());
      },
      leave: async () => {
        area.current?.blur();
        setEditing(false);
        await autosave.flush();
      },
      editing: () => document.activeElement === area.current,
    };
    activeNote = handle;
    return () => {
      if (activeNote === handle) activeNote = null;
      // Leaving the paper saves what was typed; the save goes on without us.
      void autosave.flush();
      autosave.dispose();
    };
  }, [autosave]);

  const onInput = (value: string) => {
    setText(value);
    drafts.put(paperId, value);
    autosave.edit(value);
  };

  const status =
    state === "saved" ? t("note.saved") : state === "saving" ? t("note.saving") : state === "dirty" ? t("note.unsaved") : t("note.failed", { message: error ?? "" });

  return (
    <section class="note" data-testid="note">
      <header class="note-header">
        <h2>{t("note.title")}</h2>
        <div class="tabs" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={editing}
            class={editing ? "tab is-active" : "tab"}
            data-testid="note-edit"
            onClick={() => {
              setEditing(true);
              requestAnimationFrame(() => area.current?.focus());
            }}
          >
            {t("note.edit")}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={!editing}
            class={!editing ? "tab is-active" : "tab"}
            data-testid="note-preview"
            onClick={() => {
              setEditing(false);
              void autosave.flush();
            }}
          >
            {t("note.preview")}
          </button>
        </div>
        <span class={`save-state is-${state}`} data-testid="note-state" data-state={state} role="status">
          {status}
        </span>
      </header>
      {editing ? (
        <textarea
          ref={area}
          class="note-text"
          data-testid="note-text"
          value={text}
          placeholder={t("note.placeholder")}
          spellcheck={false}
          onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)}
          onBlur={() => void autosave.flush()}
        />
      ) : text.trim() === "" ? (
        <p class="note-empty" onDblClick={() => setEditing(true)}>
          {t("note.empty")}
        </p>
      ) : (
        <div class="note-preview" data-testid="note-rendered" onDblClick={() => setEditing(true)}>
          <Markdown source={text} onLink={onLink} />
        </div>
      )}
    </section>
  );
}
