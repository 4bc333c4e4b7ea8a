use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

include!("src/command_names.rs");

fn main() {
    build_ui();
    // `tauri.conf.json` here is a link to the one at the repository root (see ARCHITECTURE.md).
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMAND_NAMES));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}

/// The app embeds `ui/dist`; build it when it is missing or older than its sources,
/// so a plain `cargo build` (or clippy) of the workspace never embeds a stale UI.
/// `PAPERSHELF_SKIP_UI_BUILD=1` leaves `ui/dist` as it is.
fn build_ui() {
    // Read when the script runs, not baked in when it is compiled: a build script
    // compiled in one checkout is reused by a target folder shared with another.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .expect("cargo sets CARGO_MANIFEST_DIR for build scripts");
    let root = PathBuf::from(manifest_dir).join("..");
    let inputs = [
        root.join("ui/src"),
        root.join("ui/index.html"),
        root.join("ui/vite.config.ts"),
        root.join("ui/tsconfig.json"),
        root.join("package.json"),
        root.join("package-lock.json"),
    ];
    for input in &inputs {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    println!("cargo:rerun-if-env-changed=PAPERSHELF_SKIP_UI_BUILD");
    if std::env::var_os("PAPERSHELF_SKIP_UI_BUILD").is_some_and(|v| v == "1") {
        return;
    }
    let built = modified(&root.join("ui/dist/index.html"));
    let newest_input = inputs.iter().filter_map(|p| newest(p)).max();
    if built.is_some() && built >= newest_input {
        return;
    }
    if !root.join("node_modules/.bin/vite").exists() {
        run(&root, &["ci", "--no-audit", "--no-fund"]);
    }
    run(&root, &["run", "ui:build"]);
}

fn run(root: &Path, args: &[&str]) {
    let status = Command::new("npm")
        .args(args)
        .current_dir(root)
        .status()
        .unwrap_or_else(|e| panic!("cannot run npm (Node.js is needed to build the UI): {e}"));
    assert!(status.success(), "`npm {}` failed", args.join(" "));
}

fn modified(path: &Path) -> Option<SystemTime> {
    path.metadata().and_then(|m| m.modified()).ok()
}

/// The newest modification time of a file, or of any file below a folder.
fn newest(path: &Path) -> Option<SystemTime> {
    if path.is_dir() {
        let mut stack: Vec<PathBuf> = vec![path.to_owned()];
        let mut best = None;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    best = best.max(modified(&p));
                }
            }
        }
        best
    } else {
        modified(path)
    }
}
