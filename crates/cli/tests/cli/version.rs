//! `papershelf --version`: the workspace's one version, as the app's About and the
//! packages show it.

use crate::Shelf;

#[test]
fn version_is_the_workspaces() {
    let shelf = Shelf::new();
    let out = shelf
        .cmd()
        .arg("--version")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let workspace = include_str!("../../../../Cargo.toml");
    let version = workspace
        .lines()
        .skip_while(|l| *l != "[workspace.package]")
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("a version in [workspace.package]");
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!("papershelf {version}\n")
    );
}
