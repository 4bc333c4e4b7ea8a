//! Synthetic digests for benchmarks and load tests: the daily format with
//! summaries shaped like the real sample's (Chinese text, bold keywords in
//! each of their shapes, labelled sections), deterministic for a given seed.

use chrono::{Days, NaiveDate};

/// A small deterministic generator (SplitMix64): benchmarks must not vary
/// with a random seed, and this needs no dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

pub const KEYWORDS: &[&str] = &[
    "强化学习",
    "大型语言模型 (LLMs)",
    "可验证奖励强化学习 (RLVR)",
    "蒙特卡洛树搜索 (MCTS)",
    "数学推理",
    "奖励模型",
    "多模态推理",
    "视觉语言模型",
    "扩散模型",
    "上下文压缩",
    "模型蒸馏",
    "量化",
    "知识蒸馏",
    "智能体",
    "多智能体框架",
    "课程学习",
    "偏好优化",
    "直接偏好优化 (DPO)",
    "群体相对策略优化 (GRPO)",
    "测试时扩展",
    "KV缓存压缩",
    "检索增强生成 (RAG)",
    "代码生成",
    "图像编辑",
    "视频生成",
    "语音合成",
    "对比学习",
    "探索效率",
    "世界模型",
    "基准测试",
    "Agentic LLMs",
    "Transformer",
    "Sparse Attention",
    "Mixture of Experts",
    "Quantization",
    "Reward Modeling",
    "Chain-of-Thought",
    "Tool Use",
    "Long Context",
    "Alignment",
];

const TITLE_HEADS: &[&str] = &[
    "DeepSearch",
    "Knapsack RL",
    "SINQ",
    "GEM",
    "BroRL",
    "QUASAR",
    "CurES",
    "BindWeave",
    "TGPO",
    "ReSWD",
    "Flash-Searcher",
    "EditReward",
    "GUI-KV",
    "VLM-FO1",
    "PIPer",
    "ACON",
    "MASH",
    "TOMA",
];

const TITLE_BODIES: &[&str] = &[
    "Scaling Reinforcement Learning via Broadened Exploration",
    "Sinkhorn-Normalized Quantization for Calibration-Free Low-Precision LLM Weights",
    "Optimizing Context Compression for Long-horizon LLM Agents",
    "A Human-Aligned Reward Model for Instruction-Guided Image Editing",
    "Efficient Curriculum Learning for Reasoning LLMs",
    "Subject-Consistent Video Generation via Cross-Modal Integration",
    "Temporal Grounded Policy Optimization for Signal Temporal Logic Tasks",
    "Fast and Effective Web Agents via DAG-Based Parallel Execution",
    "Unlocking Exploration of LLMs via Optimizing Budget Allocation",
    "On-Device Environment Setup via Online Reinforcement Learning",
];

const SENTENCES: &[&str] = &[
    "该研究提出了一种新的强化学习框架，通过自适应地分配探索预算，显著提升了训练效率和模型在数学推理等任务上的性能。",
    "本研究旨在解决大语言模型在使用强化学习进行自优化时，因采用统一探索预算分配策略而导致的计算资源浪费问题。",
    "该方法将每个任务的探索过程视为一个具有成本和价值的物品，以构建背包问题模型进行优化，并使用动态规划求解。",
    "实验表明，该方法能将有效非零梯度的比例提升20-40%，在多个数学推理基准测试中平均提升2-4个百分点。",
    "对于AI工程师和研究者而言，这项工作提供了一种无需增加硬件投入即可显著提升大模型训练效率的实用方法。",
    "We introduce a calibration-free post-training quantization method that adds a second-axis scale factor to weight matrices.",
    "The framework embeds Monte Carlo Tree Search directly into the RLVR training loop rather than using it only at inference.",
    "Results show consistent gains over strong baselines while reducing GPU hours by a factor of five.",
    "模型在LIBERO标准套件上将平均成功率从86.6%提升至91.3%，同时在扰动条件下表现出强大的鲁棒性。",
    "这些结果强调了战略性探索而非蛮力扩展在推进方法论中的重要性，为从业者提供了新方向。",
];

const SECTIONS: &[&str] = &[
    "一句话核心摘要",
    "主要研究问题或目标",
    "关键方法论",
    "主要成果",
    "对AI从业者的主要启示",
];

/// The arXiv id of the `n`th synthetic paper of a month: five digits, so a
/// month holds up to 99,999 papers.
fn arxiv_id(day: NaiveDate, n: usize) -> String {
    use chrono::Datelike;
    format!(
        "{:02}{:02}.{:05}",
        day.year() % 100,
        day.month(),
        n % 100_000
    )
}

/// A summary's opening keyword list, in one of the three shapes the sample
/// uses: bold items, one bold run, or a `**核心关键词**：` label and a list.
pub fn keyword_lead(rng: &mut Rng, keywords: &[&str]) -> String {
    match rng.below(3) {
        0 => keywords
            .iter()
            .map(|k| format!("**{k}**"))
            .collect::<Vec<_>>()
            .join(", "),
        1 => format!("**{}**", keywords.join(", ")),
        _ => format!("**核心关键词**：{}", keywords.join(", ")),
    }
}

/// One summary in one of the three keyword shapes the sample uses.
pub fn summary(rng: &mut Rng) -> String {
    let keywords: Vec<&str> = (0..3 + rng.below(3)).map(|_| *rng.pick(KEYWORDS)).collect();
    let mut s = keyword_lead(rng, &keywords);
    for label in SECTIONS {
        s.push_str(&format!("  **{label}**："));
        for _ in 0..2 + rng.below(2) {
            let sentence: &&str = rng.pick(SENTENCES);
            s.push_str(sentence);
        }
    }
    s
}

/// A daily digest of `papers` entries for `day`; `first` numbers its papers
/// so that different digests list different papers.
pub fn digest(rng: &mut Rng, day: NaiveDate, first: usize, papers: usize) -> String {
    let mut out = format!("\n\n# Papers for {day}\n\n");
    for i in 0..papers {
        let title = format!("{}: {}", rng.pick(TITLE_HEADS), rng.pick(TITLE_BODIES));
        let id = arxiv_id(day, first + i);
        out.push_str(&format!(
            "## {i}.[{title}](https://arxiv.org/pdf/{id})\nsummary:{}\n\n",
            summary(rng)
        ));
    }
    out
}

/// A digest in the generic shapes (not the daily format) of about `bytes`
/// bytes: sections alternating a bulleted list (bold title, arXiv link,
/// summary, a keywords sub-item) and a table (title, links, keywords, a
/// one-line summary), 20 papers each. Its papers are numbered from 0 across
/// consecutive months of `day`'s year, so up to 1.2 million are distinct.
pub fn generic_digest(rng: &mut Rng, day: NaiveDate, bytes: usize) -> String {
    let mut out = format!("# {day} 论文速递\n\n今日精选，附往期补充。\n\n");
    let mut n = 0;
    let mut section = 0;
    while out.len() < bytes {
        out.push_str(&format!("## 分类 {section}\n\n"));
        let table = section % 2 == 1;
        if table {
            out.push_str("| # | 标题 | 链接 | 关键词 | 一句话总结 |\n|---|---|---|---|---|\n");
        }
        for _ in 0..20 {
            let title = format!("{}: {}", rng.pick(TITLE_HEADS), rng.pick(TITLE_BODIES));
            let id = generic_id(day, n);
            let keywords: Vec<&str> = (0..2 + rng.below(3)).map(|_| *rng.pick(KEYWORDS)).collect();
            let sentences = 1 + rng.below(3);
            let text: String = (0..sentences).map(|_| *rng.pick(SENTENCES)).collect();
            if table {
                out.push_str(&format!(
                    "| {n} | {title} | [arXiv](https://arxiv.org/abs/{id}) · [PDF](https://arxiv.org/pdf/{id}) | {} | {text} |\n",
                    keywords.join(", ")
                ));
            } else {
                out.push_str(&format!(
                    "- **{title}** ([arXiv](https://arxiv.org/abs/{id})): {text}\n  - 关键词: {}\n",
                    keywords.join(", ")
                ));
            }
            n += 1;
        }
        out.push('\n');
        section += 1;
    }
    out
}

/// The arXiv id of the `n`th paper of a generic digest: 99,999 a month
/// from January of `day`'s year.
fn generic_id(day: NaiveDate, n: usize) -> String {
    use chrono::Datelike;
    format!(
        "{:02}{:02}.{:05}",
        day.year() % 100,
        1 + (n / 99_999) % 12,
        1 + n % 99_999
    )
}

const AUTHORS: &[&str] = &[
    "Zhang", "Wang", "Li", "Chen", "Liu", "Smith", "Garcia", "Müller", "Tanaka", "Kim", "Rossi",
    "Nguyen",
];

const TOPICS: &[&str] = &[
    "LLM",
    "Reinforcement Learning",
    "Vision",
    "Robotics",
    "Speech",
    "Agents",
];

/// A README that grows every day, as `cv-arxiv-daily`-style repositories
/// keep one: `## Updated on DATE`, a table of contents in HTML, then per
/// topic a table with one row per paper (its date in bold, a bold title,
/// authors, an `http://arxiv.org/abs/` link whose text is the id, a code
/// link or `null`). Rows go back from `updated`, 30 papers a day; every
/// paper is distinct. 8,500 rows make about 1.7 MB.
pub fn readme_table(rng: &mut Rng, updated: NaiveDate, rows: usize) -> String {
    let anchor = updated.format("%Y%m%d");
    let mut out = format!(
        "## Updated on {}\n> Usage instructions: [here](./docs/README.md#usage)\n\n<details>\n  <summary>Table of Contents</summary>\n  <ol>\n",
        updated.format("%Y.%m.%d")
    );
    for topic in TOPICS {
        let a = topic.to_lowercase().replace(' ', "-");
        out.push_str(&format!("    <li><a href=#{a}>{topic}</a></li>\n"));
    }
    out.push_str("  </ol>\n</details>\n\n");
    let per_topic = rows.div_ceil(TOPICS.len()).max(1);
    for i in 0..rows {
        if i % per_topic == 0 {
            if i > 0 {
                out.push_str(&format!(
                    "\n<p align=right>(<a href=#updated-on-{anchor}>back to top</a>)</p>\n\n"
                ));
            }
            out.push_str(&format!(
                "## {}\n\n|Publish Date|Title|Authors|PDF|Code|\n|---|---|---|---|---|\n",
                TOPICS[i / per_topic % TOPICS.len()]
            ));
        }
        let day = updated - Days::new((i / 30) as u64);
        let id = arxiv_id(day, i);
        let title = format!("{}: {}", rng.pick(TITLE_HEADS), rng.pick(TITLE_BODIES));
        let code = match rng.below(2) {
            0 => format!(
                "**[link](https://github.com/{}/{})**",
                rng.pick(AUTHORS),
                rng.pick(TITLE_HEADS)
            ),
            _ => "null".to_owned(),
        };
        let authors: Vec<&str> = (0..3).map(|_| *rng.pick(AUTHORS)).collect();
        out.push_str(&format!(
            "|**{day}**|**{title}**|{} et.al.|[{id}](http://arxiv.org/abs/{id}v1)|{code}|\n",
            authors.join(", ")
        ));
    }
    out
}

/// `count` consecutive daily digests of `papers` entries each, from `start`,
/// as (file name, text).
pub fn digests(seed: u64, start: NaiveDate, count: usize, papers: usize) -> Vec<(String, String)> {
    use chrono::Datelike;
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|d| {
            let day = start + Days::new(d as u64);
            // Papers are numbered within their month, as arXiv does.
            let first = day.day0() as usize * papers;
            (format!("{day}.md"), digest(&mut rng, day, first, papers))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_digests_parse_as_digests_with_distinct_papers() {
        let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let files = digests(7, start, 40, 36);
        let mut ids = std::collections::HashSet::new();
        for (name, text) in &files {
            let parsed = crate::digest::parse(text);
            assert!(parsed.warnings.is_empty(), "{name}: {:?}", parsed.warnings);
            assert_eq!(parsed.digest.entries.len(), 36);
            assert_eq!(parsed.digest.date.unwrap().to_string() + ".md", *name);
            for e in &parsed.digest.entries {
                assert!(
                    (3..=5).contains(&e.summary.keywords.len()),
                    "{:?}",
                    e.summary.keywords
                );
                assert_eq!(e.summary.sections.len(), 5);
                assert!(ids.insert(e.link.arxiv.clone().unwrap().id));
            }
        }
        assert_eq!(files, digests(7, start, 40, 36), "deterministic");
    }

    /// Issue 16's large table: each row's paper once, titled from its
    /// title cell, the page dated by its `Updated on` line and not by any
    /// row (the speed is in BENCHMARKS.md, not asserted here).
    #[test]
    fn a_readme_table_of_8500_rows_parses_each_rows_paper_once() {
        let updated = NaiveDate::from_ymd_opt(2026, 6, 29).unwrap();
        let text = readme_table(&mut Rng::new(16), updated, 8_500);
        assert!(
            (1_600_000..1_900_000).contains(&text.len()),
            "{}",
            text.len()
        );
        assert_eq!(
            text,
            readme_table(&mut Rng::new(16), updated, 8_500),
            "deterministic"
        );
        let parsed = crate::digest::parse(&text);
        assert!(
            parsed.warnings.is_empty(),
            "{:?}",
            &parsed.warnings[..3.min(parsed.warnings.len())]
        );
        assert_eq!(parsed.digest.date, Some(updated));
        let entries = &parsed.digest.entries;
        assert_eq!(entries.len(), 8_500);
        let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("|**")).collect();
        for (e, row) in entries.iter().zip(&rows) {
            let id = e.link.arxiv.as_ref().unwrap().id.to_string();
            assert_eq!(e.link.url, format!("http://arxiv.org/abs/{id}v1"));
            assert!(row.contains(&format!("|**{}**|", e.title)), "{row}");
            assert!(!e.summary.text.contains(&id), "{}", e.summary.text);
        }
    }

    #[test]
    fn a_generic_digest_parses_with_every_paper_distinct_and_titled() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 4).unwrap();
        let text = generic_digest(&mut Rng::new(3), day, 40_000);
        assert!(!text.contains("summary:"), "not the daily format");
        let parsed = crate::digest::parse(&text);
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert_eq!(parsed.digest.date, Some(day));
        let entries = &parsed.digest.entries;
        assert_eq!(
            entries.len(),
            text.matches("https://arxiv.org/abs/").count()
        );
        let ids: std::collections::HashSet<_> = entries
            .iter()
            .map(|e| e.link.arxiv.clone().unwrap().id)
            .collect();
        assert_eq!(ids.len(), entries.len());
        for e in entries {
            assert!(
                TITLE_BODIES.iter().any(|b| e.title.ends_with(b)),
                "{}",
                e.title
            );
            assert!(
                e.summary.text.contains("关键词") || !e.summary.keywords.is_empty(),
                "{:?}",
                e.summary
            );
        }
    }
}
