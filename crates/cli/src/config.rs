//! `config`: the library's settings, shared with the desktop app.

use anyhow::Result;
use papershelf_core::pdf::{self, Base, BaseOrigin, BASE_ENV};
use papershelf_core::Library;

use crate::args::OnOff;
use crate::{emit, print_json};

/// `config pdf-base [URL | --reset]`: sets or resets the library's PDF base
/// when asked, then prints the base in force and where it comes from.
pub fn pdf_base(lib: &mut Library, url: Option<Base>, reset: bool, json: bool) -> Result<()> {
    if url.is_some() || reset {
        lib.set_pdf_base(url.as_ref())?;
    }
    let stored = lib.pdf_base()?;
    let (base, origin) = pdf::effective_base(lib)?;
    if json {
        return print_json(&serde_json::json!({
            "pdf_base": stored.as_ref().map(Base::as_str),
            "effective": base.as_str(),
            "source": match origin {
                BaseOrigin::Default => "default",
                BaseOrigin::Library => "library",
                BaseOrigin::Env => "env",
            },
        }));
    }
    let line = match (origin, &stored) {
        (BaseOrigin::Default, _) => format!("{} (the default)\n", base.as_str()),
        (BaseOrigin::Library, _) => format!("{} (set in the library)\n", base.as_str()),
        (BaseOrigin::Env, Some(stored)) => format!(
            "{} (from {BASE_ENV}, which wins over the library's {})\n",
            base.as_str(),
            stored.as_str()
        ),
        (BaseOrigin::Env, None) => format!("{} (from {BASE_ENV})\n", base.as_str()),
    };
    emit(&line)
}

/// `config metadata-auto [on|off]`: sets it when asked, then prints it.
pub fn metadata_auto(lib: &mut Library, value: Option<OnOff>, json: bool) -> Result<()> {
    if let Some(value) = value {
        lib.set_metadata_auto(value == OnOff::On)?;
    }
    let on = lib.metadata_auto()?;
    if json {
        return print_json(&serde_json::json!({ "metadata_auto": on }));
    }
    emit(if on {
        "on: import fetches the new papers' metadata from arXiv\n"
    } else {
        "off: `papershelf metadata` fetches it when asked\n"
    })
}
