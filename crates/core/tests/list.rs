//! `Library::papers` without text: the order of a digest's papers and of the whole library,
//! and the filters, over small digests written for the purpose.

use std::path::Path;

use chrono::NaiveDate;
use papershelf_core::{import, Filter, Library, PaperQuery, Scope};

fn write(dir: &Path, name: &str, ids: &[&str]) {
    let mut text = String::from("# Papers\n\n");
    for (i, id) in ids.iter().enumerate() {
        text.push_str(&format!(
            "## {i}.[Paper {id}](https://arxiv.org/pdf/{id})\nsummary:**关键词{i}, shared** text\n\n"
        ));
    }
    std::fs::write(dir.join(name), text).unwrap();
}

fn ids(lib: &Library, query: PaperQuery) -> Vec<String> {
    lib.papers(&query)
        .unwrap()
        .rows()
        .into_iter()
        .map(|p| p.arxiv.unwrap().id.to_string())
        .collect()
}

fn day(d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2025, 10, d)
}

#[test]
fn digests_list_in_their_order_and_the_library_newest_digest_first() {
    let files = tempfile::tempdir().unwrap();
    write(
        files.path(),
        "2025-10-03.md",
        &["2510.00001", "2510.00002", "2510.00003"],
    );
    write(files.path(), "2025-10-04.md", &["2510.00004", "2510.00002"]);
    // A second file of the same day, listing a paper the first one has too.
    write(
        files.path(),
        "2025-10-04-extra.md",
        &["2510.00005", "2510.00004"],
    );
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let paths = [
        files.path().join("2025-10-03.md"),
        files.path().join("2025-10-04.md"),
    ];
    let reports = import::import_paths(&mut lib, &paths, None);
    assert!(reports.iter().all(|r| r.error.is_none()), "{reports:?}");
    let extra = files.path().join("2025-10-04-extra.md");
    assert!(import::import_file(&mut lib, &extra, day(4))
        .error
        .is_none());

    let digest = |d| PaperQuery::scope(Scope::Digest(day(d).unwrap()));
    let all = || PaperQuery::scope(Scope::All);
    assert_eq!(
        ids(&lib, digest(3)),
        ["2510.00001", "2510.00002", "2510.00003"]
    );
    // Files of one day in name order, each paper once, at its first place.
    assert_eq!(
        ids(&lib, digest(4)),
        ["2510.00005", "2510.00004", "2510.00002"]
    );
    assert!(ids(&lib, digest(5)).is_empty());
    // Each paper where its newest digest lists it.
    assert_eq!(
        ids(&lib, all()),
        [
            "2510.00004",
            "2510.00005",
            "2510.00002",
            "2510.00001",
            "2510.00003"
        ]
    );
    let row = &lib.papers(&digest(4)).unwrap().rows()[2];
    assert_eq!(row.digests, [day(3).unwrap(), day(4).unwrap()]);
    assert_eq!(row.keywords, ["关键词1", "shared"], "each keyword once");

    let second = lib.resolve("2510.00002").unwrap();
    lib.set_read(&[second], true).unwrap();
    lib.set_starred(lib.resolve("2510.00003").unwrap(), true)
        .unwrap();
    let unread_of_4 = PaperQuery {
        filter: Filter {
            read: Some(false),
            ..Filter::default()
        },
        ..digest(4)
    };
    assert_eq!(ids(&lib, unread_of_4), ["2510.00005", "2510.00004"]);
    let starred = PaperQuery {
        filter: Filter {
            starred: Some(true),
            ..Filter::default()
        },
        ..all()
    };
    assert_eq!(ids(&lib, starred), ["2510.00003"]);
    let keyword = PaperQuery {
        filter: Filter {
            keyword: Some("关键词0".into()),
            ..Filter::default()
        },
        ..all()
    };
    assert_eq!(
        ids(&lib, keyword),
        ["2510.00004", "2510.00005", "2510.00001"]
    );
    let keyword_in_3 = PaperQuery {
        filter: Filter {
            keyword: Some("shared".into()),
            ..Filter::default()
        },
        ..digest(3)
    };
    assert_eq!(
        ids(&lib, keyword_in_3),
        ["2510.00001", "2510.00002", "2510.00003"]
    );
}
