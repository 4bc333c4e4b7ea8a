//! `note --edit`: the note in the user's editor, through a temporary file.

use std::process::Command;

use anyhow::{bail, Context, Result};

/// Opens `text` in `$VISUAL`/`$EDITOR` (else `vi`); the new text, or `None` if unchanged.
pub fn edit(text: &str) -> Result<Option<String>> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".to_owned());
    let file = tempfile::Builder::new()
        .prefix("papershelf-note-")
        .suffix(".md")
        .tempfile()
        .context("creating a temporary file for the note")?;
    std::fs::write(file.path(), text)?;
    // Through the shell, so that EDITOR="code --wait" works.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("papershelf")
        .arg(file.path())
        .status()
        .with_context(|| format!("starting the editor `{editor}`"))?;
    if !status.success() {
        bail!("the editor `{editor}` failed ({status}); the note is unchanged");
    }
    let edited = std::fs::read_to_string(file.path()).context("reading the edited note")?;
    Ok((edited != text).then_some(edited))
}
