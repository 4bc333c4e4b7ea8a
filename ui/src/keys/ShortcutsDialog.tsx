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
        </tbody>
      </table>
    </Modal>
  );
}
