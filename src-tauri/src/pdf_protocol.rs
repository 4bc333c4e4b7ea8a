//! The `papershelf-pdf` URI scheme: how the webview's PDF viewer reads a cached PDF.
//!
//! `papershelf-pdf://localhost/<paper id>` (`http://papershelf-pdf.localhost/<id>` on
//! Windows) answers with the bytes of that paper's PDF, found by core's `cached_pdf`:
//! only a file recorded in the library, directly in `<library>/pdfs/`, with the
//! recorded size, canonicalised (no link out). Nothing else is reachable through it:
//! no file names, no other folder, no method but GET.

use std::path::PathBuf;

use papershelf_core::pdf::cache;
use papershelf_core::PaperId;
use tauri::http::{header, Method, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::api::{CmdResult, ErrorCode};
use crate::state::AppState;

pub const SCHEME: &str = "papershelf-pdf";

/// Origins of the app's own pages (Linux/macOS, Windows, and the dev server), the
/// only ones allowed to read the answers.
const APP_ORIGINS: &[&str] = &[
    "tauri://localhost",
    "http://tauri.localhost",
    "https://tauri.localhost",
    "http://localhost:5173",
];

/// The scheme's handler: resolves the path under the library lock, reads the file
/// on a blocking thread.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let response = serve(&request, |paper| {
            state.pdfs(|lib| cache::cached_pdf(lib, paper))
        });
        responder.respond(response);
    });
}

/// The answer to one request; `resolve` gives a paper's cached PDF.
pub fn serve(
    request: &Request<Vec<u8>>,
    resolve: impl FnOnce(PaperId) -> CmdResult<PathBuf>,
) -> Response<Vec<u8>> {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .filter(|o| APP_ORIGINS.contains(o));
    let answer = if request.method() != Method::GET {
        Err((StatusCode::METHOD_NOT_ALLOWED, "only GET".to_owned()))
    } else {
        match paper_of(request.uri().path()) {
            None => Err((StatusCode::NOT_FOUND, "no such paper".to_owned())),
            Some(paper) => resolve(paper)
                .map_err(|e| {
                    let status = match e.code {
                        ErrorCode::NotFound => StatusCode::NOT_FOUND,
                        ErrorCode::Refused => StatusCode::FORBIDDEN,
                        ErrorCode::Exists => StatusCode::CONFLICT,
                        ErrorCode::Failed => StatusCode::INTERNAL_SERVER_ERROR,
                    };
                    (status, e.message)
                })
                .and_then(|path| {
                    std::fs::read(&path).map_err(|e| {
                        (
                            StatusCode::NOT_FOUND,
                            format!("cannot read {}: {e}", path.display()),
                        )
                    })
                }),
        }
    };
    let (status, kind, body) = match answer {
        Ok(bytes) => (StatusCode::OK, "application/pdf", bytes),
        Err((status, message)) => (status, "text/plain; charset=utf-8", message.into_bytes()),
    };
    let mut response = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, kind)
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if let Some(origin) = origin {
        response = response.header(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    response
        .body(body)
        .expect("a response of fixed headers is valid")
}

/// `/<paper id>`: digits only.
fn paper_of(path: &str) -> Option<PaperId> {
    let id = path.strip_prefix('/')?;
    if id.is_empty() || id.len() > 18 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    id.parse().ok().map(PaperId)
}

#[cfg(test)]
mod tests {
    use papershelf_core::Library;

    use super::*;
    use crate::state::pdf_error;

    fn request(method: Method, paper: &str, origin: Option<&str>) -> Request<Vec<u8>> {
        let mut r = Request::builder()
            .method(method)
            .uri(format!("papershelf-pdf://localhost/{paper}"));
        if let Some(o) = origin {
            r = r.header(header::ORIGIN, o);
        }
        r.body(Vec::new()).unwrap()
    }

    /// What the scheme answers for `paper` (a path after the `/`).
    fn ask(lib: &Library, paper: &str, origin: Option<&str>) -> Response<Vec<u8>> {
        serve(&request(Method::GET, paper, origin), |p| {
            cache::cached_pdf(lib, p).map_err(pdf_error)
        })
    }

    #[test]
    fn only_a_paper_number_names_a_pdf() {
        assert_eq!(paper_of("/42"), Some(PaperId(42)));
        for bad in [
            "/",
            "",
            "42",
            "/42/",
            "/-1",
            "/4 2",
            "/../x.pdf",
            "/2509.25454.pdf",
            "/%34%32",
            "/99999999999999999999",
        ] {
            assert_eq!(paper_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn serves_the_cached_pdf_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let sample = crate::commands::import::SAMPLE;
        papershelf_core::import::import_bytes(&mut lib, "s", "2025-10-03.md", None, sample, None);
        let paper = lib
            .papers(&papershelf_core::PaperQuery::default())
            .unwrap()
            .ids()[0];
        let pdf = include_bytes!("../../tests/fixtures/pdfs/tiny.pdf");
        std::fs::create_dir_all(dir.path().join("pdfs")).unwrap();
        std::fs::write(dir.path().join("pdfs/x.pdf"), pdf).unwrap();
        lib.record_pdf(paper, "pdfs/x.pdf", None, pdf.len() as u64, "ab")
            .unwrap();
        let id = paper.0.to_string();

        let ok = ask(&lib, &id, Some("tauri://localhost"));
        assert_eq!(ok.status(), StatusCode::OK);
        assert_eq!(ok.body().as_slice(), pdf);
        assert_eq!(ok.headers()[header::CONTENT_TYPE], "application/pdf");
        assert_eq!(
            ok.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
            "tauri://localhost"
        );
        // Another page's origin may not read it.
        let other = ask(&lib, &id, Some("https://evil.example"));
        assert!(other
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none());

        // A paper without a PDF, a path that is not a paper, a row pointing out of the cache.
        let other_paper = lib
            .papers(&papershelf_core::PaperQuery::default())
            .unwrap()
            .ids()[1];
        let other_id = other_paper.0.to_string();
        let missing = ask(&lib, &other_id, None);
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert!(String::from_utf8_lossy(missing.body()).contains("fetch it first"));
        let path = ask(&lib, "../library.sqlite3", None);
        assert_eq!(path.status(), StatusCode::NOT_FOUND);
        std::fs::write(dir.path().join("secret.pdf"), pdf).unwrap();
        lib.record_pdf(other_paper, "secret.pdf", None, pdf.len() as u64, "ab")
            .unwrap();
        assert_eq!(ask(&lib, &other_id, None).status(), StatusCode::FORBIDDEN);

        let post = serve(&request(Method::POST, &id, None), |_| unreachable!());
        assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
    }
}
