import { t, type MessageKey } from "../i18n";
import { Modal } from "../Modal";
import { shortcutList, type KeyAction } from "./keys";

const actionLabels: Record<KeyAction, MessageKey> = {
  next: "shortcuts.next",
  prev: "shortcuts.prev",
  open: "shortcuts.open",
  toggleRead: "shortcuts.toggleRead",
  toggleStar: "shortcuts.star",
  editNote: "shortcuts.note",
  leave: "shortcuts.leave",
  search: "shortcuts.search",
  goUnread: "shortcuts.goUnread",
  goStarred: "shortcuts.goStarred",
  goAll: "shortcuts.goAll",
  export: "shortcuts.export",
  help: "shortcuts.help",
};

/** The PDF viewer's own keys (PdfViewer.tsx), while a text selection or a highlight is there. */
const viewerKeys: ReadonlyArray<{ key: string; label: MessageKey }> = [
  { key: "h", label: "shortcuts.pdfHighlight" },
  { key: "c", label: "shortcuts.pdfComment" },
  { key: "Delete", label: "shortcuts.pdfDelete" },
  { key: "Esc", label: "shortcuts.pdfLetGo" },
];

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Modal title={t("shortcuts.title")} onClose={onClose} testId="shortcuts">
      <table class="shortcuts">
        <tbody>
          {shortcutList.map((s) => (
            <tr key={s.action}>
              <td class="keys">
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 ? " / " : ""}
                    {k.split(" ").map((part, j) => (
                      <span key={j}>
                        {j > 0 ? " " : ""}
                        <kbd>{part}</kbd>
                      </span>
                    ))}
                  </span>
                ))}
              </td>
              <td>{t(actionLabels[s.action])}</td>
            </tr>
          ))}
          <tr>
            <th colSpan={2}>{t("shortcuts.inPdf")}</th>
          </tr>
          {viewerKeys.map((k) => (
            <tr key={k.key} data-testid="shortcut-pdf">
              <td class="keys">
                <kbd>{k.key}</kbd>
              </td>
              <td>{t(k.label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
