//! Torture: real `papershelf` processes killed with SIGKILL at random
//! moments while they write (issue 17 §4). After every kill `check` finds
//! nothing, what the scenario wrote is whole or absent, every command that
//! exited 0 before is still reflected, and the killed command, run again,
//! completes.
//!
//! Each scenario first runs commands 0, 1 and 2 to the end, timing them;
//! command `k` is then killed after `1.2·T·(i + u)/n`, `T` the time of
//! command `k mod 3` (the scenarios that make the daily snapshot due do it
//! every third command), `i` the kill's number of `n`, `u` uniform in 0..1:
//! kills fall early (opening, migrating), in the write, in the snapshot and
//! after the exit alike.
//!
//! `PAPERSHELF_TORTURE_KILLS` sets the kills per scenario (20 by default, 200
//! for the long run); `PAPERSHELF_TORTURE_SEED` repeats a run (each scenario
//! prints its seed). They keep both cores busy, so `scripts/test` runs them
//! alone after the other tests, as it does the stress test.

mod scenarios;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use papershelf_core::synth::Rng;

/// How a command run under the threat of a kill ended.
#[derive(Debug)]
pub enum Ended {
    /// SIGKILL landed while it ran.
    Killed,
    /// It exited before the kill (exit 0 asserted: an acknowledged write).
    Exited(Output),
}

impl Ended {
    pub fn acknowledged(&self) -> bool {
        matches!(self, Ended::Exited(_))
    }
}

/// A library folder and the environment its commands run with.
#[derive(Debug, Clone)]
pub struct Lib {
    pub dir: PathBuf,
    pub env: Vec<(String, String)>,
}

impl Lib {
    pub fn new(dir: PathBuf) -> Lib {
        Lib {
            dir,
            env: Vec::new(),
        }
    }

    /// `papershelf --library DIR ARGS…`, output captured.
    pub fn cmd<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> Command {
        let mut c = Command::new(assert_cmd::cargo::cargo_bin("papershelf"));
        c.env_remove("PAPERSHELF_HOME")
            .env("PAPERSHELF_ARXIV_API_BASE", crate::NO_API)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .arg("--library")
            .arg(&self.dir)
            .args(args)
            .stdin(Stdio::null());
        c
    }

    /// Runs to the end; asserts exit 0; stdout.
    pub fn run<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(&self, args: &[S]) -> String {
        let out = self.cmd(args).output().unwrap();
        assert!(
            out.status.success(),
            "papershelf {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(
        &self,
        args: &[S],
    ) -> serde_json::Value {
        let mut all: Vec<std::ffi::OsString> = vec!["--json".into()];
        all.extend(args.iter().map(|a| a.as_ref().to_owned()));
        serde_json::from_str(&self.run(&all)).unwrap()
    }

    /// A read-only connection to the library, for looking at rows.
    pub fn raw(&self) -> rusqlite::Connection {
        rusqlite::Connection::open_with_flags(
            self.dir.join("library.sqlite3"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap()
    }

    /// `papershelf check` finds nothing.
    pub fn assert_checks_clean(&self, after: &str) {
        let out = self.cmd(&["--json", "check"]).output().unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "check after {after}: {report}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_str(&report).unwrap();
        assert_eq!(json["problems"], serde_json::json!([]), "after {after}");
    }

    /// Files a killed backup or restore left behind: temporary copies in
    /// the library folder and in `backups/`.
    pub fn leftovers(&self) -> Vec<String> {
        let mut found = Vec::new();
        for dir in [self.dir.clone(), self.dir.join("backups")] {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.contains(".tmp-") || name.contains(".restore-") {
                    found.push(name);
                }
            }
        }
        found
    }

    /// Forgets the backups, so the next writing command takes the daily
    /// snapshot (and a kill can land in it).
    pub fn snapshot_due(&self) {
        let _ = std::fs::remove_dir_all(self.dir.join("backups"));
    }

    /// Makes the daily snapshot due for every third command (`k` mod 3 = 0,
    /// which the driver times apart).
    pub fn snapshot_due_every_third(&self, k: usize) {
        if k.is_multiple_of(3) {
            self.snapshot_due();
        }
    }
}

/// What a scenario does between kills.
pub trait Scenario {
    fn lib(&self) -> &Lib;
    /// Sets up the library for command `k` (a fresh copy, or as the last
    /// command left it) and returns the command's arguments.
    fn next(&mut self, k: usize) -> Vec<String>;
    /// What must hold after command `k` ended (killed or exited 0), before
    /// it runs again.
    fn after(&mut self, k: usize, ended: &Ended);
    /// What must hold once command `k` completed (exit 0).
    fn completed(&mut self, k: usize, out: &Output);
}

/// The kills per scenario: `PAPERSHELF_TORTURE_KILLS`, 20 by default.
pub fn kills() -> usize {
    std::env::var("PAPERSHELF_TORTURE_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
}

fn seed(name: &str) -> u64 {
    let seed = std::env::var("PAPERSHELF_TORTURE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("torture {name}: PAPERSHELF_TORTURE_SEED={seed}");
    seed
}

/// Runs `args` and sends SIGKILL after `after`, unless it exited first.
fn run_and_kill(lib: &Lib, args: &[String], after: Duration) -> Ended {
    use std::os::unix::process::ExitStatusExt;
    let mut child = lib
        .cmd(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + after;
    while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_millis(1).min(after));
    }
    // SIGKILL (an exited child is a zombie until waited for: no harm).
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.signal() == Some(SIGKILL) {
        return Ended::Killed;
    }
    assert!(
        out.status.success(),
        "papershelf {args:?} failed before the kill: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ended::Exited(out)
}

/// SIGKILL's number on every Unix.
const SIGKILL: i32 = 9;

/// The figures of one scenario's run, printed for RELIABILITY.md.
#[derive(Debug, Default)]
pub struct Tally {
    pub killed: usize,
    pub exited: usize,
    /// Kills after which a new temporary file was left behind.
    pub left_files: usize,
}

/// Runs a scenario: three full runs to time it, then `kills()` runs each
/// killed at a random moment, each checked and run again to the end.
pub fn torture(name: &str, scenario: &mut impl Scenario) -> Tally {
    let started = Instant::now();
    let mut rng = Rng::new(seed(name));
    let mut times = Vec::new();
    for k in 0..3 {
        let args = scenario.next(k);
        let t = Instant::now();
        let out = scenario.lib().cmd(&args).output().unwrap();
        times.push(t.elapsed());
        assert!(
            out.status.success(),
            "papershelf {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        scenario.lib().assert_checks_clean(&format!("{args:?}"));
        scenario.after(k, &Ended::Exited(out.clone()));
        scenario.completed(k, &out);
    }
    let n = kills();
    let mut tally = Tally::default();
    for i in 0..n {
        let k = i + 3;
        let args = scenario.next(k);
        let left_before = scenario.lib().leftovers().len();
        let u = rng.next_u64() as f64 / u64::MAX as f64;
        let delay = times[k % 3].mul_f64(1.2 * (i as f64 + u) / n as f64);
        let ended = run_and_kill(scenario.lib(), &args, delay);
        let what = format!("{args:?} killed after {delay:?}");
        scenario.lib().assert_checks_clean(&what);
        scenario.after(k, &ended);
        let left = scenario.lib().leftovers();
        if left.len() > left_before {
            if tally.left_files == 0 {
                eprintln!("torture {name}: {what} left {left:?}");
            }
            tally.left_files += 1;
        }
        let out = match ended {
            Ended::Exited(out) => {
                tally.exited += 1;
                out
            }
            Ended::Killed => {
                tally.killed += 1;
                let again = scenario.lib().cmd(&args).output().unwrap();
                assert!(
                    again.status.success(),
                    "{what}, then run again: {}",
                    String::from_utf8_lossy(&again.stderr)
                );
                scenario
                    .lib()
                    .assert_checks_clean(&format!("{what} and run again"));
                again
            }
        };
        scenario.completed(k, &out);
    }
    eprintln!(
        "torture {name}: runs take {times:?}; {n} kills: {} landed while it ran, {} after it exited, {} left a temporary file; {:.1} s in all",
        tally.killed,
        tally.exited,
        tally.left_files,
        started.elapsed().as_secs_f64()
    );
    tally
}

/// Copies a library folder (closed: no `-wal`) over `to`, replacing it.
pub fn copy_library(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    copy_dir(from, to);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}
