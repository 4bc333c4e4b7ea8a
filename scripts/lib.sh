# Shared set-up for scripts/run and scripts/test: installs only what is missing.
# Sourced, not run.

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian/Ubuntu packages that are not installed yet.
need_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The C toolchain and libraries the Rust crates build against (SQLite is bundled).
need_build_tools() {
  need_apt build-essential pkg-config ca-certificates curl
}

# Everything Tauri v2 needs on Linux, plus a virtual display for headless runs,
# and a Chinese font (5 MB): without one, a machine with no desktop's fonts shows
# the summaries and keywords as empty boxes.
need_desktop_libs() {
  need_apt libwebkit2gtk-4.1-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev \
    librsvg2-dev libayatana-appindicator3-dev libssl-dev file xvfb xauth fonts-wqy-microhei
}

need_rust() {
  [ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
  if ! command -v cargo >/dev/null; then
    say "Installing Rust (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt 2>/dev/null || true
}

need_nextest() {
  cargo nextest --version >/dev/null 2>&1 && return 0
  say "Installing cargo-nextest"
  cargo install cargo-nextest --locked
}

need_node() {
  if ! command -v npm >/dev/null; then
    need_apt nodejs npm
  fi
}

# Builds land outside the clone, so that a new clone reuses them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/papershelf/target}"
