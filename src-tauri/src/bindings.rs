//! `ui/src/bindings.ts`: TypeScript for every type in `api.rs` and for the command
//! table, generated with ts-rs. The test `bindings_are_up_to_date` fails when the
//! committed file differs from what the Rust says; run it with
//! `UPDATE_BINDINGS=1` to rewrite the file.

use ts_rs::{Config, TS};

use crate::api::*;

/// Where the generated file lives, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/bindings.ts";

pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn config() -> Config {
    // Paper ids are SQLite row ids, far below 2^53: plain numbers in JavaScript.
    Config::new().with_large_int("number")
}

fn declaration<T: TS>(cfg: &Config) -> String {
    let mut out = String::new();
    if let Some(docs) = T::docs() {
        out.push_str(&docs);
        if !docs.ends_with('\n') {
            out.push('\n');
        }
    }
    out.push_str("export ");
    out.push_str(&T::decl(cfg));
    out.push('\n');
    out
}

pub fn typescript() -> String {
    let cfg = config();
    let declarations = [
        declaration::<ErrorCode>(&cfg),
        declaration::<IpcError>(&cfg),
        declaration::<Overview>(&cfg),
        declaration::<DigestItem>(&cfg),
        declaration::<Scope>(&cfg),
        declaration::<Filter>(&cfg),
        declaration::<Order>(&cfg),
        declaration::<PaperQuery>(&cfg),
        declaration::<PaperItem>(&cfg),
        declaration::<SummarySection>(&cfg),
        declaration::<Appearance>(&cfg),
        declaration::<PaperView>(&cfg),
        declaration::<PaperMetadata>(&cfg),
        declaration::<ImportWarning>(&cfg),
        declaration::<FileResult>(&cfg),
        declaration::<ImportResult>(&cfg),
        declaration::<MarkedRead>(&cfg),
        declaration::<ExportFormat>(&cfg),
        declaration::<ExportDone>(&cfg),
        declaration::<NotesDone>(&cfg),
        declaration::<Language>(&cfg),
        declaration::<Settings>(&cfg),
        declaration::<PdfSource>(&cfg),
        declaration::<NoteSaved>(&cfg),
        declaration::<PdfFile>(&cfg),
        declaration::<PdfCache>(&cfg),
        declaration::<DownloadStatus>(&cfg),
        declaration::<ActiveDownload>(&cfg),
        declaration::<DownloadFailure>(&cfg),
        declaration::<Highlight>(&cfg),
        declaration::<HighlightColor>(&cfg),
        declaration::<PdfRect>(&cfg),
        declaration::<PdfHighlight>(&cfg),
        declaration::<NewHighlight>(&cfg),
        declaration::<SnippetFrom>(&cfg),
        declaration::<FoundSnippet>(&cfg),
        declaration::<FoundPaper>(&cfg),
        declaration::<FoundPage>(&cfg),
        declaration::<WhyKind>(&cfg),
        declaration::<Why>(&cfg),
        declaration::<ForYouRank>(&cfg),
        declaration::<ForYouStatus>(&cfg),
        declaration::<SimilarItem>(&cfg),
        declaration::<PdfTextStatus>(&cfg),
        declaration::<TagItem>(&cfg),
        declaration::<ProblemKind>(&cfg),
        declaration::<LibraryProblem>(&cfg),
        declaration::<LibraryStatus>(&cfg),
        declaration::<BackupItem>(&cfg),
        declaration::<CountName>(&cfg),
        declaration::<CountChange>(&cfg),
        declaration::<RestorePreview>(&cfg),
        declaration::<RestoreDone>(&cfg),
        declaration::<MetadataStatus>(&cfg),
        declaration::<CategoryItem>(&cfg),
        declaration::<SourcesSynced>(&cfg),
        declaration::<SourceKindName>(&cfg),
        declaration::<SourceItem>(&cfg),
        declaration::<SourceResult>(&cfg),
        declaration::<SourceFailure>(&cfg),
        declaration::<SourcesView>(&cfg),
        declaration::<SourceTest>(&cfg),
        declaration::<AppInfo>(&cfg),
    ];
    let mut out = String::from(
        "// Generated from src-tauri/src/api.rs by `cargo test -p papershelf-app bindings`\n\
         // (UPDATE_BINDINGS=1 rewrites it). Do not edit by hand.\n\n",
    );
    for d in declarations {
        out.push_str(&d);
        out.push('\n');
    }
    out.push_str(&crate::commands_typescript(&cfg));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn bindings_are_up_to_date() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        let generated = typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p papershelf-app bindings` and commit it",
            path.display()
        );
    }

    #[test]
    fn errors_cross_ipc_as_code_and_message() {
        let json = serde_json::to_value(IpcError::refused("no")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "refused", "message": "no"})
        );
        let json = serde_json::to_value(IpcError::not_found("gone")).unwrap();
        assert_eq!(json["code"], "not_found");
    }

    #[test]
    fn a_remembered_selection_reads_as_a_scope() {
        // Settings files written before scopes had tags and papers.
        let scope: Scope =
            serde_json::from_str(r#"{"kind":"digest","date":"2025-10-03"}"#).unwrap();
        assert_eq!(
            scope,
            Scope::Digest {
                date: "2025-10-03".into()
            }
        );
    }

    #[test]
    fn camel_case_matches_tauri_argument_names() {
        assert_eq!(camel_case("ids"), "ids");
        assert_eq!(camel_case("paper_id"), "paperId");
    }
}
