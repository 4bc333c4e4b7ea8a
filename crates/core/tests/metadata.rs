//! arXiv metadata: the feed parser on real answers of both API generations
//! (`../shared/fixtures/arxiv-api/`, read in place) and made-up hard cases
//! (`tests/fixtures/arxiv-api/`), fetching through the polite client from a
//! stand-in API on 127.0.0.1, and what the library does with it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use papershelf_core::arxiv::ArxivId;
use papershelf_core::metadata::{self, Api, FeedError, Metadata, MetadataError, Progress};
use papershelf_core::store::MetadataWanted;
use papershelf_core::{import, net, Filter, Library, PaperId, PaperQuery};
use papershelf_testserver::{Delivery, Reply, Server};

/// The shared real answers, or `None` (with a message) when they are absent.
fn shared(name: &str) -> Option<Vec<u8>> {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/arxiv-api")
        .join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            eprintln!(
                "skipping: the shared fixture {} is absent ({e})",
                path.display()
            );
            None
        }
    }
}

fn own(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/arxiv-api")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn id(s: &str) -> ArxivId {
    ArxivId::parse(s).unwrap()
}

fn names(m: &Metadata) -> Vec<&str> {
    m.authors.iter().map(|a| a.name.as_str()).collect()
}

#[test]
fn the_2016_feed_with_per_element_namespaces_is_read_whole() {
    let Some(xml) = shared("legacy2016_id_list_1111.2011v2.xml") else {
        return;
    };
    let feed = metadata::parse(&xml).unwrap();
    assert_eq!(feed.total_results, Some(1));
    assert!(feed.errors.is_empty());
    let [m] = &feed.entries[..] else {
        panic!("{:?}", feed.entries)
    };
    assert_eq!(m.arxiv_id, id("1111.2011"));
    assert_eq!(m.version, Some(2));
    // A hard line break and an indent in the title fold into one space.
    assert_eq!(
        m.title,
        "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    );
    assert_eq!(
        names(m),
        ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"]
    );
    assert_eq!(
        m.published,
        Utc.with_ymd_and_hms(2011, 11, 8, 18, 48, 36).unwrap()
    );
    assert_eq!(
        m.updated,
        Utc.with_ymd_and_hms(2012, 4, 2, 12, 38, 54).unwrap()
    );
    assert_eq!(m.doi.as_deref(), Some("10.1103/PhysRevB.85.115117"));
    assert_eq!(
        m.journal_ref.as_deref(),
        Some("Phys. Rev. B 85, 115117 (2012)")
    );
    assert_eq!(
        m.comment.as_deref(),
        Some("8 pages, 3 figures. Published version")
    );
    assert_eq!(m.primary_category.as_deref(), Some("cond-mat.str-el"));
    assert_eq!(m.categories, ["cond-mat.str-el", "cond-mat.stat-mech"]);
    assert!(m.abstract_text.starts_with(
        "Theoretical description of anisotropic systems, such as layered superconductors"
    ));
    assert!(!m.abstract_text.contains('\n') && !m.abstract_text.contains("  "));
    assert!(m.links.iter().any(|l| l.title.as_deref() == Some("doi")
        && l.href == "http://dx.doi.org/10.1103/PhysRevB.85.115117"));
}

/// A 10-entry feed, and its entries as `IDvN`.
fn ten_with_versions(xml: &[u8]) -> (metadata::Feed, Vec<String>) {
    let feed = metadata::parse(xml).unwrap();
    assert_eq!(feed.entries.len(), 10);
    let ids = feed
        .entries
        .iter()
        .map(|m| format!("{}v{}", m.arxiv_id, m.version.unwrap()))
        .collect();
    (feed, ids)
}

#[test]
fn the_2016_search_feed_reads_old_style_ids() {
    let Some(xml) = shared("legacy2016_search_au_del_maestro_10entries.xml") else {
        return;
    };
    let (feed, ids) = ten_with_versions(&xml);
    for old in [
        "cond-mat/0412498v1",
        "cond-mat/0607501v2",
        "cond-mat/0702661v2",
        "1303.6954v2",
        "1412.6529v2",
    ] {
        assert!(ids.iter().any(|i| i == old), "{old} in {ids:?}");
    }
    assert!(feed
        .entries
        .iter()
        .all(|m| m.doi.is_some() && m.journal_ref.is_some()));
    assert!(feed
        .entries
        .iter()
        .all(|m| m.authors.iter().any(|a| a.name.contains("Del Maestro"))));
}

#[test]
fn the_2026_feeds_are_read_in_their_own_element_order() {
    let Some(xml) = shared("api2026_search_testing_10entries_versions_doi.xml") else {
        return;
    };
    let (feed, versions) = ten_with_versions(&xml);
    for v in [
        "2005.14124v2",
        "2204.08348v3",
        "2302.03287v3",
        "2503.05378v2",
        "2502.07719v2",
    ] {
        assert!(versions.contains(&v.to_owned()), "{v} in {versions:?}");
    }
    // SOURCES.md says 5 DOIs; the file holds six `<arxiv:doi>` elements.
    assert_eq!(feed.entries.iter().filter(|m| m.doi.is_some()).count(), 6);
    let all: Vec<&str> = feed.entries.iter().flat_map(names).collect();
    assert!(
        all.contains(&"Aurora Ramírez") && all.contains(&"José Raúl Romero"),
        "{all:?}"
    );
    assert!(feed.entries.iter().all(|m| m.primary_category.is_some()));

    let Some(xml) = shared("api2026_id_list_astro-ph_0601001_oldstyle.xml") else {
        return;
    };
    let feed = metadata::parse(&xml).unwrap();
    let m = &feed.entries[0];
    assert_eq!(
        (m.arxiv_id.as_str(), m.version),
        ("astro-ph/0601001", Some(1))
    );
    assert_eq!(m.authors[0].name, "Andrew Gould");
    assert_eq!(m.authors[0].affiliations, ["Ohio State"]);
    assert_eq!(m.authors[3].affiliations, ["Warsaw University Observatory"]);
    assert!(m.abstract_text.contains("V_max<17.5"), "&lt; is unescaped");
    assert!(!m.abstract_text.starts_with(' '));
    assert_eq!(m.primary_category.as_deref(), Some("astro-ph"));
    assert_eq!(m.journal_ref.as_deref(), Some("ActaAstron.56:1-50,2006"));
}

#[test]
fn non_ascii_names_come_through_as_utf8() {
    let Some(xml) = shared("api2026_id_list_0808.05394_1707.08567_missing_id_34authors.xml") else {
        return;
    };
    let feed = metadata::parse(&xml).unwrap();
    let [m] = &feed.entries[..] else {
        panic!("one of the two ids has an entry")
    };
    assert_eq!(m.authors.len(), 34);
    assert!(names(m).contains(&"Dirk Wübben"), "{:?}", names(m));
}

#[test]
fn error_entries_and_empty_feeds_are_not_papers() {
    if let Some(xml) = shared("api2026_error_http400_id_abc.xml") {
        let feed = metadata::parse(&xml).unwrap();
        assert!(feed.entries.is_empty());
        assert_eq!(feed.errors.len(), 1);
        assert_eq!(feed.errors[0].bad_id.as_deref(), Some("abc"));
        assert_eq!(feed.errors[0].message, "incorrect id format for abc");
    }
    if let Some(xml) = shared("api2026_empty_id_0000.0000.xml") {
        let feed = metadata::parse(&xml).unwrap();
        assert!(feed.entries.is_empty() && feed.errors.is_empty());
        assert_eq!(feed.total_results, Some(0));
    }
}

#[test]
fn latex_escapes_cdata_wrapping_and_odd_names_are_kept_as_written() {
    let feed = metadata::parse(&own("hard_cases.xml")).unwrap();
    assert_eq!(feed.entries.len(), 2);
    let m = &feed.entries[0];
    assert_eq!(m.version, Some(3));
    assert_eq!(
        m.title,
        r"$\mathcal{O}(n \log n)$ Bounds for {GRPO} \& Friends: A Study of <Reward> Models"
    );
    assert_eq!(
        m.abstract_text,
        r"We prove that $\sum_{i=1}^{n} x_i^2 \le \frac{1}{2}$ holds for every policy. Second paragraph with a CDATA part: a < b & c and é中."
    );
    assert_eq!(
        names(m),
        ["José Raúl López", "王小明", "Zoë Ñúñez-Øster", "Kaiming He"]
    );
    assert_eq!(
        m.authors[0].affiliations,
        ["Universidad de Córdoba", "CSIC"]
    );
    assert_eq!(m.comment.as_deref(), Some("12 pages, 3 figures"));
    assert_eq!(m.categories, ["cs.LG", "cs.AI", "stat.ML"]);
    assert_eq!(m.doi.as_deref(), Some("10.1000/j.jmlr.2025.001"));
    let old = &feed.entries[1];
    // The subject class goes, as arXiv's own ids drop it.
    assert_eq!(
        (old.arxiv_id.as_str(), old.version),
        ("math/0309136", Some(2))
    );
    assert_eq!(old.primary_category.as_deref(), Some("math.GT"));
}

#[test]
fn a_feed_cut_short_or_not_well_formed_is_an_error() {
    assert_eq!(
        metadata::parse(&own("truncated.xml")).unwrap_err(),
        FeedError::Truncated
    );
    assert!(matches!(
        metadata::parse(&own("malformed.xml")).unwrap_err(),
        FeedError::Xml { .. }
    ));
    assert!(matches!(
        metadata::parse(&own("not_atom.html")).unwrap_err(),
        FeedError::NotAFeed(_) | FeedError::Xml { .. }
    ));
    assert!(metadata::parse(b"").is_err());
    assert!(metadata::parse(b"\xff\xfe<feed/>").is_err());
    // Every cut of a real answer is an error, never a smaller feed.
    let whole = own("hard_cases.xml");
    let end = whole.len() - "</feed>\n".len();
    for cut in (0..end).step_by(7) {
        assert!(metadata::parse(&whole[..cut]).is_err(), "cut at {cut}");
    }
}

#[test]
fn an_entry_without_a_paper_id_or_a_title_fails_the_feed() {
    let feed = |entry: &str| {
        format!(r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry>{entry}</entry></feed>"#)
    };
    let no_title =
        feed("<id>http://arxiv.org/abs/2509.25454v1</id><updated>2025-01-01T00:00:00Z</updated>");
    assert!(matches!(
        metadata::parse(no_title.as_bytes()),
        Err(FeedError::BadEntry { index: 1, .. })
    ));
    let bad_id = feed(
        "<id>http://example.org/x</id><title>T</title><updated>2025-01-01T00:00:00Z</updated>",
    );
    assert!(metadata::parse(bad_id.as_bytes()).is_err());
    let bad_date = feed(
        "<id>http://arxiv.org/abs/2509.25454v1</id><title>T</title><updated>yesterday</updated>",
    );
    assert!(metadata::parse(bad_date.as_bytes()).is_err());
}

/// The stand-in API: answers `/api/query?id_list=…` from the made-up feed
/// or with what `answer` says.
fn api_server(answer: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Server {
    Server::start(move |hit| answer(&hit.path))
}

fn atom(body: Vec<u8>) -> Reply {
    Reply::body(200, "application/atom+xml", Arc::from(body))
}

fn quick(server: &Server) -> (net::Client, Api) {
    let mut api = Api::new(&server.base()).unwrap();
    api.net.delay = Duration::from_millis(50);
    api.net.backoff = Duration::from_millis(10);
    (net::Client::new(api.net.clone()).unwrap(), api)
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// Fetches and stores the metadata of `papers`, with no progress wanted.
fn update(
    lib: &mut Library,
    client: &net::Client,
    api: &Api,
    papers: &[(PaperId, ArxivId)],
) -> metadata::Report {
    block_on(metadata::update(
        lib,
        client,
        api,
        papers,
        &Default::default(),
        &|_| {},
    ))
}

/// A library with one digest listing these ids (linked without a version).
fn library(ids: &[&str]) -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let mut md = String::from("# Papers for 2025-10-03\n\n");
    for (i, id) in ids.iter().enumerate() {
        md.push_str(&format!(
            "## {i}.[Paper {id}](https://arxiv.org/abs/{id})\nsummary:**kw** A summary of {id}.\n\n"
        ));
    }
    let report = import::import_bytes(&mut lib, "test", "2025-10-03.md", None, md.as_bytes(), None);
    assert!(report.error.is_none(), "{report:?}");
    (dir, lib)
}

fn all_papers(lib: &Library) -> Vec<(PaperId, ArxivId)> {
    lib.papers_wanting_metadata(&MetadataWanted::default())
        .unwrap()
}

#[test]
fn a_batch_is_one_polite_get_and_missing_ids_are_not_found() {
    let server = api_server(|_| atom(own("hard_cases.xml")));
    let (client, api) = quick(&server);
    let ids = [id("2509.25454"), id("math/0309136"), id("2510.00001")];
    let batch = block_on(metadata::fetch_batch(
        &client,
        &api,
        &ids,
        &Default::default(),
    ))
    .unwrap();
    assert_eq!(batch.found.len(), 2);
    assert_eq!(batch.not_found, [id("2510.00001")]);
    let hits = server.hits();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        hits[0].path,
        "/api/query?id_list=2509.25454,math/0309136,2510.00001&max_results=3"
    );
    assert!(hits[0]
        .header("user-agent")
        .unwrap()
        .starts_with("Papershelf/"));
}

#[test]
fn many_papers_go_in_batches_of_a_hundred_the_delay_apart() {
    let ids: Vec<String> = (1..=250).map(|n| format!("2510.{n:05}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (_dir, mut lib) = library(&refs);
    let server = api_server(|_| atom(own("hard_cases.xml")));
    let (client, api) = quick(&server);
    let papers = all_papers(&lib);
    let seen = std::sync::Mutex::new(Vec::new());
    let report = block_on(metadata::update(
        &mut lib,
        &client,
        &api,
        &papers,
        &Default::default(),
        &|p: Progress| seen.lock().unwrap().push(p.done),
    ));
    assert_eq!(report.requested, 250);
    assert_eq!(report.updated, 0, "the feed names none of them");
    assert_eq!(report.not_found.len(), 250);
    let hits = server.hits();
    assert_eq!(hits.len(), 3);
    assert!(
        hits[0].path.ends_with("&max_results=100") && hits[2].path.ends_with("&max_results=50")
    );
    for pair in hits.windows(2) {
        assert!(pair[1].at - pair[0].at >= Duration::from_millis(50));
    }
    assert_eq!(*seen.lock().unwrap(), [0, 100, 200, 250]);
    // Not found is remembered: `missing` does not ask again.
    let missing = MetadataWanted {
        missing: true,
        ..MetadataWanted::default()
    };
    assert!(lib.papers_wanting_metadata(&missing).unwrap().is_empty());
    // ...but a refresh of what is older than now does.
    let refresh = MetadataWanted {
        older_than: Some(Utc::now() + chrono::Duration::seconds(1)),
        ..MetadataWanted::default()
    };
    assert_eq!(lib.papers_wanting_metadata(&refresh).unwrap().len(), 250);
}

#[test]
fn an_unreachable_api_is_asked_once_not_once_per_batch() {
    let ids: Vec<String> = (1..=250).map(|n| format!("2510.{n:05}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (_dir, mut lib) = library(&refs);
    let papers = all_papers(&lib);
    let (hits, report) = {
        // A server that answers 500 to everything, then a closed port.
        let server = api_server(|_| Reply::status(500));
        let (client, api) = quick(&server);
        let report = update(&mut lib, &client, &api, &papers);
        let paths: std::collections::BTreeSet<String> =
            server.hits().into_iter().map(|h| h.path).collect();
        (paths.len(), report)
    };
    // (its retries included)
    assert_eq!(hits, 1, "one batch asked, not three");
    assert_eq!(report.updated, 0);
    let failed: Vec<usize> = report.failed.iter().map(|f| f.ids.len()).collect();
    assert_eq!(failed, [100, 150]);
    assert!(
        report.failed[1].error.starts_with("not asked, after: "),
        "{report:?}"
    );

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut api = Api::new(&format!("http://127.0.0.1:{closed}")).unwrap();
    api.net.delay = Duration::from_secs(5);
    let client = net::Client::new(api.net.clone()).unwrap();
    let started = std::time::Instant::now();
    let report = update(&mut lib, &client, &api, &papers);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "waited the delay for batches that could not be asked"
    );
    assert_eq!(report.failed.len(), 2, "{report:?}");
    // Nothing was remembered as not found: all are asked next time.
    let missing = MetadataWanted {
        missing: true,
        ..MetadataWanted::default()
    };
    assert_eq!(lib.papers_wanting_metadata(&missing).unwrap().len(), 250);
}

#[test]
fn busy_answers_are_retried_as_the_server_asks() {
    let server = {
        let tries = std::sync::atomic::AtomicUsize::new(0);
        Server::start(move |_| {
            if tries.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                Reply::status(503).header("Retry-After", "1")
            } else {
                atom(own("hard_cases.xml"))
            }
        })
    };
    let (client, api) = quick(&server);
    let batch = block_on(metadata::fetch_batch(
        &client,
        &api,
        &[id("2509.25454")],
        &Default::default(),
    ))
    .unwrap();
    assert_eq!(batch.found.len(), 1);
    let hits = server.hits();
    assert_eq!(hits.len(), 2);
    assert!(hits[1].at - hits[0].at >= Duration::from_secs(1));
}

#[test]
fn a_truncated_answer_fails_its_batch_and_changes_nothing() {
    let (_dir, mut lib) = library(&["2509.25454", "2510.00001"]);
    let papers = all_papers(&lib);
    for reply in [
        atom(own("truncated.xml")),
        atom(own("hard_cases.xml")).delivery(Delivery::CutAfter(900)),
        Reply::body(200, "text/html", Arc::from(own("not_atom.html"))),
        Reply::status(404),
    ] {
        let server = Server::start(move |_| reply.clone());
        let (client, api) = quick(&server);
        let report = update(&mut lib, &client, &api, &papers);
        assert_eq!(report.updated, 0);
        assert!(report.not_found.is_empty());
        assert_eq!(report.failed.len(), 1, "{report:?}");
        assert_eq!(report.failed[0].ids.len(), 2);
        let missing = MetadataWanted {
            missing: true,
            ..MetadataWanted::default()
        };
        assert_eq!(lib.papers_wanting_metadata(&missing).unwrap().len(), 2);
    }
}

#[test]
fn an_id_the_api_refuses_is_not_found_and_the_rest_are_asked_again() {
    // As arXiv answers `id_list=abc` (HTTP 400, an error entry naming it).
    let server = Server::start(|hit| {
        if hit.path.contains("2510.00001") {
            let body = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>https://arxiv.org/api/errors#incorrect_id_format_for_2510.00001</id><title>Error</title><summary>incorrect id format for 2510.00001</summary><updated>2026-04-12T22:59:06Z</updated><author><name>arXiv api core</name></author></entry></feed>"#;
            Reply::body(400, "application/atom+xml", Arc::from(body.as_bytes()))
        } else {
            atom(own("hard_cases.xml"))
        }
    });
    let (client, api) = quick(&server);
    let ids = [id("2510.00001"), id("2509.25454")];
    let batch = block_on(metadata::fetch_batch(
        &client,
        &api,
        &ids,
        &Default::default(),
    ))
    .unwrap();
    assert_eq!(batch.found.len(), 1);
    assert_eq!(batch.not_found, [id("2510.00001")]);
    let hits = server.hits();
    assert_eq!(hits.len(), 2);
    assert!(hits[1].path.contains("id_list=2509.25454&"));

    // An error about no id of the batch fails it.
    let server = Server::start(|_| {
        let body = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>https://arxiv.org/api/errors#something</id><title>Error</title><summary>bad</summary><updated>2026-04-12T22:59:06Z</updated></entry></feed>"#;
        Reply::body(400, "application/atom+xml", Arc::from(body.as_bytes()))
    });
    let (client, api) = quick(&server);
    let err = block_on(metadata::fetch_batch(
        &client,
        &api,
        &ids,
        &Default::default(),
    ))
    .unwrap_err();
    assert!(
        matches!(err, MetadataError::Http { status: 400, .. }),
        "{err}"
    );
}

#[test]
fn metadata_is_stored_apart_from_the_digest_and_read_back() {
    let (_dir, mut lib) = library(&["2509.25454", "2510.00001"]);
    let before = lib.paper(lib.resolve("2509.25454").unwrap()).unwrap();
    let server = api_server(|_| atom(own("hard_cases.xml")));
    let (client, api) = quick(&server);
    let papers = all_papers(&lib);
    let report = update(&mut lib, &client, &api, &papers);
    assert_eq!(
        (report.updated, report.not_found.clone()),
        (1, vec![id("2510.00001")])
    );

    let after = lib.paper(lib.resolve("2509.25454").unwrap()).unwrap();
    // The digest's title and summary are as imported.
    assert_eq!(after.row.title, before.row.title);
    assert_eq!(after.entries, before.entries);
    let stored = after.metadata.unwrap();
    let m = &stored.metadata;
    assert_eq!(m.version, Some(3));
    assert_eq!(m.authors[0].name, "José Raúl López");
    assert_eq!(
        m.authors[0].affiliations,
        ["Universidad de Córdoba", "CSIC"]
    );
    assert_eq!(m.categories, ["cs.LG", "cs.AI", "stat.ML"]);
    assert_eq!(m.primary_category.as_deref(), Some("cs.LG"));
    assert_eq!(
        m.published,
        Utc.with_ymd_and_hms(2025, 9, 29, 17, 59, 59).unwrap()
    );
    assert_eq!(m.links.len(), 3);
    assert_eq!(
        after.row.authors,
        ["José Raúl López", "王小明", "Zoë Ñúñez-Øster", "Kaiming He"]
    );
    // Linked without a version by a digest of 2025-10-03; v3 came on 2025-11-20.
    assert_eq!(after.row.new_version, Some(3));
    let other = lib.paper(lib.resolve("2510.00001").unwrap()).unwrap();
    assert!(other.metadata.is_none() && other.row.authors.is_empty());

    // Asked again, it replaces what was there (no doubled authors).
    update(&mut lib, &client, &api, &papers[..1]);
    let again = lib.paper(lib.resolve("2509.25454").unwrap()).unwrap();
    assert_eq!(again.row.authors.len(), 4);
}

fn store(lib: &mut Library, feed: &[u8]) {
    let feed = metadata::parse(feed).unwrap();
    let papers = all_papers(lib);
    lib.save_metadata(&papers, &feed.entries, &[]).unwrap();
}

fn ids_of(lib: &Library, filter: Filter, text: &str) -> Vec<String> {
    let q = PaperQuery {
        filter,
        text: text.to_owned(),
        limit: 1000,
        ..PaperQuery::default()
    };
    lib.papers(&q)
        .unwrap()
        .rows()
        .into_iter()
        .map(|r| r.arxiv.unwrap().id.to_string())
        .collect()
}

#[test]
fn authors_are_found_by_filter_and_by_search_without_accents_or_case() {
    let (_dir, mut lib) = library(&["2509.25454", "math/0309136", "2510.00001"]);
    store(&mut lib, &own("hard_cases.xml"));
    let author = |name: &str| Filter {
        author: Some(name.to_owned()),
        ..Filter::default()
    };
    assert_eq!(ids_of(&lib, author("Lopez"), ""), ["2509.25454"]);
    assert_eq!(ids_of(&lib, author("LÓPEZ"), ""), ["2509.25454"]);
    assert_eq!(ids_of(&lib, author("jose raul lopez"), ""), ["2509.25454"]);
    assert_eq!(ids_of(&lib, author("nunez-oster"), ""), ["2509.25454"]);
    assert_eq!(ids_of(&lib, author("王小明"), ""), ["2509.25454"]);
    assert_eq!(ids_of(&lib, author("Perelman"), ""), ["math/0309136"]);
    assert!(ids_of(&lib, author("Lope"), "").is_empty(), "whole words");
    assert!(
        ids_of(&lib, author("He Kaiming"), "").is_empty(),
        "in order"
    );
    // Plain words in a search find authors too, accents or not.
    assert_eq!(
        ids_of(&lib, Filter::default(), "Kaiming He"),
        ["2509.25454"]
    );
    assert_eq!(ids_of(&lib, Filter::default(), "lopez"), ["2509.25454"]);
    assert_eq!(ids_of(&lib, Filter::default(), "López"), ["2509.25454"]);
    assert_eq!(
        ids_of(&lib, Filter::default(), "perelman"),
        ["math/0309136"]
    );

    let category = |c: &str| Filter {
        category: Some(c.to_owned()),
        ..Filter::default()
    };
    assert_eq!(ids_of(&lib, category("cs.AI"), ""), ["2509.25454"]);
    assert_eq!(ids_of(&lib, category("math.DG"), ""), ["math/0309136"]);
    assert!(ids_of(&lib, category("cs"), "").is_empty());

    let newer = Filter {
        new_version: Some(true),
        ..Filter::default()
    };
    // v3 (2025-11-20) and v2 (2004) against a digest of 2025-10-03 linking no version.
    assert_eq!(ids_of(&lib, newer.clone(), ""), ["2509.25454"]);
    let not_newer = Filter {
        new_version: Some(false),
        ..Filter::default()
    };
    let mut rest = ids_of(&lib, not_newer, "");
    rest.sort();
    assert_eq!(rest, ["2510.00001", "math/0309136"]);

    // A rebuilt index still holds the authors.
    lib.rebuild_search_index().unwrap();
    assert_eq!(ids_of(&lib, Filter::default(), "Kaiming"), ["2509.25454"]);
    assert!(
        lib.check().unwrap().is_empty(),
        "{:?}",
        lib.check().unwrap()
    );
}

#[test]
fn a_version_the_reader_has_is_not_new() {
    // The digest linked v3 itself: nothing newer.
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let md = "# Papers for 2025-12-01\n\n## 1.[A](https://arxiv.org/abs/2509.25454v3)\nsummary: s\n\n## 2.[B](https://arxiv.org/abs/math/0309136v1)\nsummary: s\n";
    import::import_bytes(&mut lib, "t", "d.md", None, md.as_bytes(), None);
    store(&mut lib, &own("hard_cases.xml"));
    let rows = lib
        .papers(&PaperQuery::scope(papershelf_core::Scope::All))
        .unwrap()
        .rows();
    let new: Vec<(String, Option<u32>)> = rows
        .iter()
        .map(|r| (r.arxiv.as_ref().unwrap().id.to_string(), r.new_version))
        .collect();
    assert!(new.contains(&("2509.25454".into(), None)), "{new:?}");
    // v1 linked, v2 reported: new, whatever the dates.
    assert!(new.contains(&("math/0309136".into(), Some(2))), "{new:?}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Noise, and a real answer with bytes changed, never panic the parser.
    #[test]
    fn parsing_never_panics(noise in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
                            at in 0usize..4000, byte in proptest::num::u8::ANY) {
        let _ = metadata::parse(&noise);
        let mut feed = own("hard_cases.xml");
        let at = at % feed.len();
        feed[at] = byte;
        let _ = metadata::parse(&feed);
        let mut text = String::from_utf8_lossy(&noise).into_owned();
        text.insert_str(0, r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2509.25454v1</id><title>"#);
        let _ = metadata::parse(text.as_bytes());
    }
}

#[test]
fn one_paper_is_fetched_on_demand_and_offline_says_why() {
    let (_dir, mut lib) = library(&["2509.25454", "2510.00001"]);
    let lopez = lib.resolve("2509.25454").unwrap();
    let unknown = lib.resolve("2510.00001").unwrap();
    let cancel = Default::default();

    // Offline: the error names the server and nothing changes.
    let closed = Api::new("http://127.0.0.1:9").unwrap();
    let client = net::Client::new(net::Settings {
        attempts: 1,
        ..closed.net.clone()
    })
    .unwrap();
    let err = block_on(metadata::fetch_paper(
        &mut lib, &client, &closed, lopez, &cancel,
    ))
    .unwrap_err();
    assert!(
        matches!(err, MetadataError::Net(_)) && err.to_string().contains("127.0.0.1:9"),
        "{err}"
    );
    assert!(lib.metadata(lopez).unwrap().is_none());

    let server = api_server(|_| atom(own("hard_cases.xml")));
    let (client, api) = quick(&server);
    assert!(block_on(metadata::fetch_paper(
        &mut lib, &client, &api, lopez, &cancel
    ))
    .unwrap());
    assert_eq!(lib.paper(lopez).unwrap().row.authors[0], "José Raúl López");
    assert_eq!(
        server.hits()[0].path,
        "/api/query?id_list=2509.25454&max_results=1"
    );
    // Not on arXiv: remembered, so the automatic fetch leaves it alone.
    assert!(!block_on(metadata::fetch_paper(
        &mut lib, &client, &api, unknown, &cancel
    ))
    .unwrap());
    assert_eq!(
        metadata::auto::wanted(&lib).unwrap(),
        Some(Vec::new()),
        "neither is missing any more"
    );

    // A paper without an arXiv id is refused before any request.
    let md = "# Papers for 2025-10-04\n\n## 1.[Elsewhere](https://example.org/p)\nsummary: s\n";
    import::import_bytes(&mut lib, "t", "2025-10-04.md", None, md.as_bytes(), None);
    let elsewhere = lib.papers(&PaperQuery::default()).unwrap().rows()[0].id;
    let err = block_on(metadata::fetch_paper(
        &mut lib, &client, &api, elsewhere, &cancel,
    ))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "“Elsewhere” has no arXiv id, so arXiv has no metadata for it"
    );
    assert_eq!(server.hits().len(), 2);
}

#[test]
fn the_categories_held_are_counted_once_per_paper() {
    let (_dir, mut lib) = library(&["2509.25454", "math/0309136", "2510.00001"]);
    assert!(lib.categories().unwrap().is_empty());
    store(&mut lib, &own("hard_cases.xml"));
    let counts: Vec<(String, usize)> = lib
        .categories()
        .unwrap()
        .into_iter()
        .map(|c| (c.name, c.papers))
        .collect();
    let expected: Vec<(String, usize)> = [
        ("cs.AI", 1),
        ("cs.LG", 1),
        ("math.DG", 1),
        ("math.GT", 1),
        ("stat.ML", 1),
    ]
    .iter()
    .map(|(n, c)| (n.to_string(), *c))
    .collect();
    assert_eq!(counts, expected);
    // The filter offered by a category lists as many papers as it counts.
    let filter = Filter {
        category: Some("math.GT".into()),
        ..Filter::default()
    };
    assert_eq!(ids_of(&lib, filter, ""), ["math/0309136"]);
}
