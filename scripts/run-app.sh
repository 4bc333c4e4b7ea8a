#!/usr/bin/env bash
# Builds the UI and the app (release) and runs it on the default library — the one the
# CLI uses, or $PAPERSHELF_HOME. With no display, runs it under xvfb-run and says so.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TARGET_DIR="$target"

[[ -x node_modules/.bin/vite ]] || npm ci --no-audit --no-fund
npm run --silent ui:build
PAPERSHELF_SKIP_UI_BUILD=1 cargo build --release -p papershelf-app
app="$target/release/papershelf-app"

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "No display found: running Papershelf under xvfb-run (a virtual screen; the window is not visible)." >&2
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$app" "$@"
fi
exec "$app" "$@"
