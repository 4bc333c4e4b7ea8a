#!/usr/bin/env bash
# The desktop app's tests: UI unit tests (vitest), the type check, the generated
# TypeScript bindings being up to date, the shell's Rust tests, and end-to-end tests of
# the real app through tauri-driver + WebKitWebDriver under Xvfb. The e2e tests use the
# debug build the Rust tests already made (PAPERSHELF_E2E_PROFILE=release for the
# release build; speed is measured separately, see BENCHMARKS.md).
# Idempotent; honours CARGO_TARGET_DIR. Run from anywhere.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TARGET_DIR="$target"

step() { printf '\n==> %s\n' "$*"; }

step "system packages for the app and its end-to-end tests"
need=()
for pkg in libwebkit2gtk-4.1-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev librsvg2-dev \
  libayatana-appindicator3-dev xvfb xauth webkit2gtk-driver python3-venv; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages: ${need[*]} (install them as root)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

step "npm ci"
npm ci --no-audit --no-fund

step "tauri-driver"
if ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --locked --version 2.1.0
fi

step "UI unit tests (vitest) and type check"
npx vitest run --config ui/vite.config.ts
npm run --silent ui:typecheck

step "UI build"
npm run --silent ui:build

step "shell tests, including: ui/src/bindings.ts is up to date"
# The UI was just built: the build script need not build it again.
PAPERSHELF_SKIP_UI_BUILD=1 cargo test -p papershelf-app --locked

profile="${PAPERSHELF_E2E_PROFILE:-debug}"
step "$profile build of the app and the CLI"
if [[ $profile == release ]]; then
  PAPERSHELF_SKIP_UI_BUILD=1 cargo build --release --locked -p papershelf-app -p papershelf-cli
else
  PAPERSHELF_SKIP_UI_BUILD=1 cargo build --locked -p papershelf-app -p papershelf-cli
fi

step "end-to-end tests (Python selenium)"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/papershelf/e2e-venv"
if [[ ! -x "$venv/bin/pytest" ]] || ! cmp -s tests/e2e/requirements.txt "$venv/requirements.txt"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/e2e/requirements.txt
  cp tests/e2e/requirements.txt "$venv/requirements.txt"
fi
export PAPERSHELF_APP="$target/$profile/papershelf-app"
export PAPERSHELF_CLI="$target/$profile/papershelf"
rm -rf tests/e2e/screenshots
xvfb-run -a -s "-screen 0 1280x800x24 -noreset" "$venv/bin/pytest" -p no:cacheprovider tests/e2e -v
