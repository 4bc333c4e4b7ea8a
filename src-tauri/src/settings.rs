//! The app's own settings, a small JSON file in the app's config folder. The library's
//! data (papers, read marks, notes) lives in core's database, not here.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::api::Settings;

pub struct SettingsFile {
    path: PathBuf,
}

impl SettingsFile {
    pub fn in_dir(dir: &Path) -> SettingsFile {
        SettingsFile {
            path: dir.join("settings.json"),
        }
    }

    /// The saved settings; defaults when there are none or the file is unreadable
    /// (a broken settings file must not keep the app from starting).
    pub fn load(&self) -> Settings {
        match fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                tracing::warn!("ignoring unreadable {}: {e}", self.path.display());
                Settings::default()
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Settings::default(),
            Err(e) => {
                tracing::warn!("cannot read {}: {e}", self.path.display());
                Settings::default()
            }
        }
    }

    /// Writes the settings whole, through a temporary file, so a crash leaves the
    /// old file or the new one and never half of one.
    pub fn save(&self, settings: &Settings) -> io::Result<()> {
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir)?;
        }
        let tmp = self.path.with_extension("json.tmp");
        let json = serde_json::to_vec_pretty(settings).map_err(io::Error::other)?;
        fs::write(&tmp, json)?;
        fs::rename(&tmp, &self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Language, Scope};

    #[test]
    fn settings_round_trip_and_default_when_missing_or_broken() {
        let dir = tempfile::tempdir().unwrap();
        let file = SettingsFile::in_dir(&dir.path().join("nested"));
        assert_eq!(file.load(), Settings::default());
        assert!(!Settings::default().mark_read_on_open);

        let settings = Settings {
            language: Language::SimplifiedChinese,
            mark_read_on_open: true,
            allowed_hosts: vec!["openreview.net".into()],
            last_selection: Some(Scope::Digest {
                date: "2025-10-03".into(),
            }),
            last_paper: Some(7),
            library_dir: Some("/media/disk/papers".into()),
            mute_new_papers: true,
        };
        file.save(&settings).unwrap();
        assert_eq!(file.load(), settings);

        fs::write(dir.path().join("nested/settings.json"), b"{not json").unwrap();
        assert_eq!(file.load(), Settings::default());
    }

    #[test]
    fn settings_json_uses_the_ui_language_tags() {
        let json = serde_json::to_value(Settings {
            language: Language::SimplifiedChinese,
            ..Settings::default()
        })
        .unwrap();
        assert_eq!(json["language"], "zh-CN");
        let partial: Settings = serde_json::from_str(r#"{"language":"en"}"#).unwrap();
        assert_eq!(partial.language, Language::English);
        assert!(partial.allowed_hosts.is_empty());
        // Notifications stay on for settings saved before the switch existed.
        assert!(!partial.mute_new_papers);
    }
}
