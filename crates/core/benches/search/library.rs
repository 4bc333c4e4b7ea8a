//! Synthetic libraries for the search benchmark: daily digests in the real
//! format whose text is recombined from the sample digest (its keywords,
//! its Chinese sentences, its title words) plus English summaries, so words
//! have realistic frequencies instead of a few phrases repeated everywhere.
//! Deterministic for a given seed. The digests are written as Markdown files
//! (what `rg` searches) and imported through the real importer.

use std::path::Path;

use chrono::{Days, NaiveDate};
use papershelf_core::synth::{self, Rng};
use papershelf_core::{digest, import, Library, PaperId};

const SAMPLE: &str = include_str!("../../../../tests/fixtures/digests/2025-10-03.md");

const LABELS: &[&str] = &[
    "一句话核心摘要",
    "主要研究问题或目标",
    "关键方法论",
    "主要成果",
    "对AI从业者的主要启示",
];
const EN_LABELS: &[&str] = &[
    "1-Sentence Core Summary",
    "Main Research Question or Objective",
    "Key Methodology",
    "Primary Results",
    "Principal Implication for AI Practitioners",
];

const EN_TOPICS: &[&str] = &[
    "reward modeling",
    "quantization",
    "reinforcement learning",
    "policy optimization",
    "chain-of-thought reasoning",
    "retrieval-augmented generation",
    "speculative decoding",
    "mixture of experts",
    "sparse attention",
    "KV cache compression",
    "tool use",
    "web agents",
    "multimodal reasoning",
    "video generation",
    "diffusion models",
    "preference optimization",
    "curriculum learning",
    "test-time scaling",
    "long-context modeling",
    "knowledge distillation",
    "code generation",
    "theorem proving",
    "robot manipulation",
    "world models",
    "safety alignment",
    "instruction tuning",
    "image editing",
    "speech synthesis",
    "graph neural networks",
    "federated learning",
    "uncertainty estimation",
    "data curation",
    "benchmark design",
];
const EN_METHODS: &[&str] = &[
    "GRPO",
    "PPO",
    "DPO",
    "RLVR",
    "MCTS",
    "LoRA",
    "QLoRA",
    "RAG",
    "ReAct",
    "DAG scheduling",
    "Sinkhorn normalization",
    "contrastive learning",
    "self-play",
    "rejection sampling",
    "process reward models",
    "verifiable rewards",
    "entropy regularization",
    "beam search",
];
const EN_TEMPLATES: &[&str] = &[
    "This paper proposes {M}, a framework for {T} that improves sample efficiency by {N}%.",
    "We study {T} and show that {M} scales better than strong baselines on {N} benchmarks.",
    "The authors combine {M} with {T}, reducing GPU hours by a factor of {N}.",
    "Experiments on {N} tasks show consistent gains in {T} without extra annotation.",
    "A key finding is that {T} benefits from {M} mainly in the low-data regime.",
    "The method introduces an adaptive budget for {T} and a new objective based on {M}.",
    "Compared with prior work on {T}, {M} yields {N} points higher accuracy on average.",
    "For practitioners, the results suggest using {M} when {T} is the bottleneck.",
    "An ablation over {N} settings isolates the contribution of {M} to {T}.",
    "The released code and data make {T} with {M} reproducible on a single node.",
];
const NOTE_LINES: &[&str] = &[
    "TODO: 复现实验，检查消融结果",
    "Worth reading again: the method section is clever.",
    "与我们的奖励模型项目相关，组会讨论",
    "Compare with last week's paper on the same benchmark.",
    "代码已开源，可以直接试用",
    "Skeptical about the evaluation: small test set.",
    "引用到综述的第三节",
];

/// What the sample digest offers to recombine.
pub struct Corpus {
    keywords: Vec<String>,
    sentences: Vec<String>,
    title_words: Vec<String>,
    acronyms: Vec<String>,
}

impl Corpus {
    pub fn from_sample() -> Corpus {
        let parsed = digest::parse(SAMPLE);
        let mut keywords = Vec::new();
        let mut sentences = Vec::new();
        let mut title_words = Vec::new();
        let mut acronyms = Vec::new();
        for e in &parsed.digest.entries {
            keywords.extend(e.summary.keywords.iter().cloned());
            let mut text = e.summary.body.clone();
            for s in &e.summary.sections {
                text.push('。');
                text.push_str(&s.text);
            }
            for s in text.split(['。', '；']) {
                let s = s.trim().replace("**", "");
                if s.chars().count() >= 12 {
                    sentences.push(format!("{s}。"));
                }
            }
            let (head, rest) = e.title.split_once(": ").unwrap_or(("", &e.title));
            if !head.is_empty() {
                acronyms.push(head.to_owned());
            }
            title_words.extend(rest.split_whitespace().map(str::to_owned));
        }
        keywords.extend(synth::KEYWORDS.iter().map(|k| (*k).to_owned()));
        keywords.sort();
        keywords.dedup();
        Corpus {
            keywords,
            sentences,
            title_words,
            acronyms,
        }
    }
}

/// An index skewed towards the start: a few items are common, most are rare.
fn skewed(rng: &mut Rng, n: usize) -> usize {
    let u = rng.below(1 << 20) as f64 / (1 << 20) as f64;
    ((u * u * u) * n as f64) as usize % n
}

fn acronym(rng: &mut Rng) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let n = 3 + rng.below(4);
    let mut s: String = (0..n).map(|_| LETTERS[rng.below(26)] as char).collect();
    if rng.below(3) == 0 {
        s.push_str(&format!("-{}", rng.below(9) + 1));
    }
    s
}

fn title(rng: &mut Rng, c: &Corpus, name: &str) -> String {
    let words: Vec<&str> = (0..5 + rng.below(7))
        .map(|_| c.title_words[skewed(rng, c.title_words.len())].as_str())
        .collect();
    format!("{name}: {}", words.join(" "))
}

fn chinese_summary(rng: &mut Rng, c: &Corpus, name: &str) -> String {
    let keywords: Vec<&str> = (0..3 + rng.below(3))
        .map(|_| c.keywords[skewed(rng, c.keywords.len())].as_str())
        .collect();
    let mut s = synth::keyword_lead(rng, &keywords);
    let english_labels = rng.below(5) == 0;
    for (i, label) in LABELS.iter().enumerate() {
        let label = if english_labels { EN_LABELS[i] } else { label };
        s.push_str(&format!("  **{label}**："));
        for _ in 0..1 + rng.below(2) {
            let sentence = &c.sentences[rng.below(c.sentences.len())];
            // The paper's own name where the sample's named its own.
            let sentence = match c.acronyms.iter().find(|a| sentence.contains(a.as_str())) {
                Some(a) => sentence.replace(a.as_str(), name),
                None => sentence.clone(),
            };
            s.push_str(&sentence);
        }
    }
    s
}

fn english_summary(rng: &mut Rng, name: &str) -> String {
    let topic = EN_TOPICS[skewed(rng, EN_TOPICS.len())];
    let mut s = format!(
        "**{}, {}, {}**",
        topic,
        EN_METHODS[rng.below(EN_METHODS.len())],
        EN_TOPICS[rng.below(EN_TOPICS.len())]
    );
    for label in EN_LABELS {
        s.push_str(&format!("  **{label}**: "));
        for _ in 0..1 + rng.below(2) {
            let t = EN_TEMPLATES[rng.below(EN_TEMPLATES.len())]
                .replace(
                    "{T}",
                    if rng.below(2) == 0 {
                        topic
                    } else {
                        EN_TOPICS[rng.below(EN_TOPICS.len())]
                    },
                )
                .replace(
                    "{M}",
                    if rng.below(3) == 0 {
                        name
                    } else {
                        EN_METHODS[rng.below(EN_METHODS.len())]
                    },
                )
                .replace("{N}", &(2 + rng.below(60)).to_string());
            s.push_str(&t);
            s.push(' ');
        }
    }
    s
}

/// The shape of a library to generate.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub papers: usize,
    pub digests: usize,
    pub seed: u64,
}

impl Shape {
    /// Digests per day: one a day up to 3,000 days, then several (a lab's members).
    fn per_day(&self) -> usize {
        self.digests.div_ceil(3000)
    }

    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(2017, 1, 1).unwrap()
    }

    /// The date and file name of digest `d`.
    pub fn digest_name(&self, d: usize) -> (NaiveDate, String) {
        let day = self.first_day() + Days::new((d / self.per_day()) as u64);
        let name = if self.per_day() == 1 {
            format!("{day}.md")
        } else {
            format!("{day}-{:02}.md", d % self.per_day())
        };
        (day, name)
    }
}

/// Writes digest `d` of the shape: new papers `first..first + n`, plus about
/// 2% re-listings of earlier papers (a paper in two digests).
pub fn digest_text(
    rng: &mut Rng,
    c: &Corpus,
    shape: &Shape,
    d: usize,
    first: usize,
    n: usize,
) -> String {
    use chrono::Datelike;
    let (day, _) = shape.digest_name(d);
    let mut out = format!("# Papers for {day}\n\n");
    let id_of = |k: usize| {
        let day = shape.digest_name(k * shape.digests / shape.papers.max(1)).0;
        format!(
            "{:02}{:02}.{:05}",
            (day.year() % 100),
            day.month(),
            k % 100_000
        )
    };
    // About 2% of entries list an earlier paper again (a paper in two digests).
    let again = if first > 100 {
        n / 50 + usize::from(rng.below(50) < n % 50)
    } else {
        0
    };
    for i in 0..n + again {
        let k = if i >= n { rng.below(first) } else { first + i };
        let name = if rng.below(2) == 0 {
            c.acronyms[rng.below(c.acronyms.len())].clone()
        } else {
            acronym(rng)
        };
        let summary = if rng.below(5) == 0 {
            english_summary(rng, &name)
        } else {
            chinese_summary(rng, c, &name)
        };
        out.push_str(&format!(
            "## {i}.[{}](https://arxiv.org/pdf/{})\nsummary:{summary}\n\n",
            title(rng, c, &name),
            id_of(k)
        ));
    }
    out
}

/// Generates the digests into `digests/` and imports them into a library in
/// `library/`; then gives 10% of papers a note, stars 3%, tags 2%, and
/// leaves the newest 20% unread.
pub fn build(root: &Path, shape: &Shape) -> std::time::Duration {
    let corpus = Corpus::from_sample();
    let files = root.join("digests");
    std::fs::create_dir_all(&files).unwrap();
    let mut lib = Library::open(&root.join("library")).unwrap();
    let mut rng = Rng::new(shape.seed);
    let started = std::time::Instant::now();
    let per = shape.papers / shape.digests;
    let mut first = 0;
    for d in 0..shape.digests {
        let n = if d + 1 == shape.digests {
            shape.papers - first
        } else {
            per
        };
        let text = digest_text(&mut rng, &corpus, shape, d, first, n);
        first += n;
        let path = files.join(shape.digest_name(d).1);
        std::fs::write(&path, &text).unwrap();
        let report = import::import_file(&mut lib, &path, None);
        assert!(report.error.is_none(), "{report:?}");
        if d % 500 == 0 {
            eprintln!("  {d}/{} digests, {:?}", shape.digests, started.elapsed());
        }
    }
    let total = first as i64;
    let ids: Vec<PaperId> = (1..=total).map(PaperId).collect();
    for id in ids.iter().step_by(10) {
        let text = format!(
            "{}\n\n{}",
            NOTE_LINES[rng.below(NOTE_LINES.len())],
            NOTE_LINES[rng.below(NOTE_LINES.len())]
        );
        lib.set_note(*id, &text).unwrap();
    }
    for id in ids.iter().skip(3).step_by(33) {
        lib.set_starred(*id, true).unwrap();
    }
    for id in ids.iter().skip(7).step_by(50) {
        let tag = ["精读", "to-read", "reward", "复现"][rng.below(4)].to_owned();
        lib.add_tags(*id, &[tag]).unwrap();
    }
    lib.mark_all_read().unwrap();
    let newest: Vec<PaperId> = ids[ids.len() * 4 / 5..].to_vec();
    lib.set_read(&newest, false).unwrap();
    started.elapsed()
}
