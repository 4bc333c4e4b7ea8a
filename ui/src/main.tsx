import { render } from "preact";
import { App } from "./App";

const root = document.getElementById("app");

/** A failure nothing else caught is shown, as text, rather than leaving a blank window. */
function showUnexpected(message: string) {
  let box = document.getElementById("unexpected-error");
  if (!box) {
    box = document.createElement("pre");
    box.id = "unexpected-error";
    box.setAttribute("role", "alert");
    document.body.appendChild(box);
  }
  box.textContent = `Unexpected error: ${message}`;
}

window.addEventListener("error", (e) => showUnexpected(e.message));
window.addEventListener("unhandledrejection", (e) => {
  const reason: unknown = e.reason;
  showUnexpected(reason instanceof Error ? `${reason.message}\n${reason.stack ?? ""}` : JSON.stringify(reason));
});

if (root) render(<App />, root);
