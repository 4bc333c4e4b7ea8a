//! How the webview draws its pages.
//!
//! WebKitGTK composites pages with OpenGL. Where there is no GPU (a VM, a remote
//! desktop, Xvfb), Mesa's software rasteriser does that work. Every frame of this
//! text-only UI then costs 40–90 ms instead of about 10 ms (BENCHMARKS.md, "App").
//! Nothing in the UI needs compositing: it has no video, WebGL or 3D transforms,
//! and pdf.js draws into a 2D canvas. So the app asks WebKit to draw without it,
//! unless `PAPERSHELF_GPU=1` says to keep WebKit's default.
//!
//! It asks through WebKit's environment variable, before any webview exists,
//! rather than switching a created webview's hardware-acceleration policy.
//! With compositing off, WebKitWebDriver's screenshot can wait for ever for a
//! frame from a page with nothing left to draw (the page itself is fine and
//! keeps responding), so the end-to-end tests grab the X screen instead.

/// The variable WebKitGTK reads when it creates a webview.
const NO_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Call first thing in `main`, while the process has one thread (the environment
/// is not safe to change once others may read it).
pub fn configure() {
    if cfg!(target_os = "linux") && wants_software_drawing(|name| std::env::var_os(name)) {
        std::env::set_var(NO_COMPOSITING, "1");
    }
}

/// Whether to turn compositing off: not when the user asked for the GPU, and not
/// when they set WebKit's variable themselves (either way).
fn wants_software_drawing(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    let gpu = var("PAPERSHELF_GPU").is_some_and(|v| v == "1");
    !gpu && var(NO_COMPOSITING).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn compositing_is_off_unless_the_user_says_otherwise() {
        assert!(wants_software_drawing(env(&[])));
        assert!(wants_software_drawing(env(&[("PAPERSHELF_GPU", "0")])));
        assert!(!wants_software_drawing(env(&[("PAPERSHELF_GPU", "1")])));
        assert!(!wants_software_drawing(env(&[(NO_COMPOSITING, "0")])));
    }
}
