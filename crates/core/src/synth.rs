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

/// A research topic of [`topical_digests`]: its own keywords, title
/// endings and sentences (Chinese and English), so a reader can prefer one.
pub struct Topic {
    pub keywords: &'static [&'static str],
    pub titles: &'static [&'static str],
    pub sentences: &'static [&'static str],
}

pub const TOPICS_OF_PAPERS: &[Topic] = &[
    Topic {
        keywords: &["视频生成", "时空一致性", "Video Diffusion"],
        titles: &["Temporally Consistent Video Diffusion", "Text-to-Video Generation with Motion Priors", "Long Video Synthesis via Keyframe Planning"],
        sentences: &["该方法通过时空注意力提升视频生成的时间一致性。", "在文本到视频的扩散模型中引入运动先验，生成更连贯的长视频。", "We generate minute-long videos by planning keyframes and interpolating motion between them.", "Frame-level temporal attention removes flicker in generated video clips."],
    },
    Topic {
        keywords: &["量化", "低比特推理", "Quantization"],
        titles: &["Calibration-Free 4-bit Weight Quantization", "Outlier-Aware Low-Bit Inference for LLMs", "Mixed-Precision Quantization Search"],
        sentences: &["该研究提出一种无需校准数据的低比特权重量化方法，显著降低显存占用。", "通过处理激活中的异常值，四比特推理几乎不损失精度。", "Per-channel scales and outlier handling keep 4-bit weights within one point of full precision.", "The quantized kernels double decoding throughput on consumer GPUs."],
    },
    Topic {
        keywords: &["数学推理", "可验证奖励", "GRPO"],
        titles: &["Verifiable Rewards for Mathematical Reasoning", "Group Relative Policy Optimization at Scale", "Exploration Budgets for Reasoning RL"],
        sentences: &["该框架利用可验证奖励对大模型进行强化学习，提升数学推理能力。", "通过组内相对优势估计，策略优化无需价值网络即可稳定训练。", "Group relative advantages remove the critic while keeping policy updates stable on math problems.", "Verifiable rewards from unit tests and answer checkers drive the reasoning policy."],
    },
    Topic {
        keywords: &["智能体", "工具调用", "Agentic LLMs"],
        titles: &["Web Agents with Parallel Tool Calls", "Planning and Memory for LLM Agents", "Benchmarking Tool-Using Agents"],
        sentences: &["该智能体框架支持并行工具调用，大幅缩短网页任务的完成时间。", "通过长期记忆与规划模块，智能体在多步任务中的成功率明显提升。", "The agent schedules tool calls as a DAG and browses several pages in parallel.", "A memory module lets the agent recall earlier observations across long episodes."],
    },
    Topic {
        keywords: &["检索增强生成 (RAG)", "知识库问答", "Retrieval"],
        titles: &["Adaptive Retrieval for Knowledge-Intensive QA", "Reranking Passages for Retrieval-Augmented Generation", "Citation-Grounded Answers from Document Stores"],
        sentences: &["该方法根据问题难度自适应地决定检索次数，提高知识库问答的准确率。", "通过重排序检索到的段落，生成的答案更少出现幻觉。", "Adaptive retrieval decides when to query the document store and how many passages to read.", "A cross-encoder reranker grounds each generated sentence in a cited passage."],
    },
    Topic {
        keywords: &["语音合成", "语音识别", "Speech"],
        titles: &["Zero-Shot Speech Synthesis from Short Prompts", "Streaming Speech Recognition with Small Models", "Expressive Text-to-Speech with Prosody Tokens"],
        sentences: &["该语音合成模型仅需三秒提示音频即可克隆说话人的音色。", "流式语音识别模型在低延迟下保持了较低的词错误率。", "A three-second prompt is enough to clone a speaker's voice with natural prosody.", "The streaming recognizer keeps word error rate low at 200 ms latency."],
    },
    Topic {
        keywords: &["机器人操作", "具身智能", "Robotics"],
        titles: &["Vision-Language-Action Models for Manipulation", "Sim-to-Real Transfer of Dexterous Grasping", "Learning Robot Policies from Human Videos"],
        sentences: &["该视觉语言动作模型在真实机器人抓取任务上取得更高的成功率。", "通过仿真到现实的迁移，灵巧手的抓取策略无需真实数据即可部署。", "The vision-language-action policy grasps unseen objects on a real robot arm.", "Policies learned in simulation transfer to the real robot with domain randomization."],
    },
    Topic {
        keywords: &["KV缓存压缩", "长上下文", "Long Context"],
        titles: &["KV Cache Eviction for Million-Token Contexts", "Sparse Attention for Long-Context Inference", "Compressing Context for Long-Horizon Agents"],
        sentences: &["该方法通过淘汰不重要的键值缓存，使百万词元的长上下文推理成为可能。", "稀疏注意力只计算关键词元之间的关系，显著降低长上下文的计算开销。", "Evicting unimportant KV cache entries keeps memory flat for million-token contexts.", "Sparse attention attends to a few hundred key tokens and cuts long-context latency."],
    },
];

/// A digest of [`TOPICS_OF_PAPERS`] papers, with each paper's topic in
/// order: what the For you evaluation's synthetic reader prefers. A paper's
/// text is mostly its topic's, with noise: a keyword and sentences any paper
/// may have (the sample's), and now and then a keyword or title of another
/// topic.
pub fn topical_digest(
    rng: &mut Rng,
    day: NaiveDate,
    first: usize,
    papers: usize,
) -> (String, Vec<usize>) {
    let mut out = format!("\n\n# Papers for {day}\n\n");
    let mut topics = Vec::with_capacity(papers);
    for i in 0..papers {
        let t = rng.below(TOPICS_OF_PAPERS.len());
        let topic = &TOPICS_OF_PAPERS[t];
        let other = rng.pick(TOPICS_OF_PAPERS);
        let body = match rng.below(5) {
            0 => *rng.pick(TITLE_BODIES),
            1 => *rng.pick(other.titles),
            _ => *rng.pick(topic.titles),
        };
        let title = format!("{}: {body}", rng.pick(TITLE_HEADS));
        let mut keywords = vec![*rng.pick(topic.keywords), *rng.pick(KEYWORDS)];
        if rng.below(2) == 0 {
            keywords.push(*rng.pick(other.keywords));
        } else {
            keywords.push(*rng.pick(topic.keywords));
        }
        keywords.dedup();
        let mut summary = keyword_lead(rng, &keywords);
        for label in SECTIONS {
            summary.push_str(&format!("  **{label}**："));
            for _ in 0..2 {
                // A third of the text is the topic's: the rest any paper's,
                // or another topic's (a paper compares itself with others).
                let sentence = match rng.below(6) {
                    0 | 1 => *rng.pick(topic.sentences),
                    2 => {
                        let any = rng.pick(TOPICS_OF_PAPERS);
                        *rng.pick(any.sentences)
                    }
                    _ => *rng.pick(SENTENCES),
                };
                summary.push_str(sentence);
            }
        }
        let id = arxiv_id(day, first + i);
        out.push_str(&format!(
            "## {i}.[{title}](https://arxiv.org/pdf/{id})\nsummary:{summary}\n\n"
        ));
        topics.push(t);
    }
    (out, topics)
}

/// `count` consecutive days of [`topical_digest`]s from `start`, as (file
/// name, text, each paper's topic).
pub fn topical_digests(
    seed: u64,
    start: NaiveDate,
    count: usize,
    papers: usize,
) -> Vec<(String, String, Vec<usize>)> {
    use chrono::Datelike;
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|d| {
            let day = start + Days::new(d as u64);
            let first = day.day0() as usize * papers;
            let (text, topics) = topical_digest(&mut rng, day, first, papers);
            (format!("{day}.md"), text, topics)
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

    #[test]
    fn topical_digests_parse_with_a_topic_per_paper() {
        let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let files = topical_digests(3, start, 3, 36);
        for (_, text, topics) in &files {
            let parsed = crate::digest::parse(text);
            assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
            assert_eq!(parsed.digest.entries.len(), topics.len());
            for (e, &t) in parsed.digest.entries.iter().zip(topics) {
                let own = TOPICS_OF_PAPERS[t].keywords;
                assert!(
                    e.summary.keywords.iter().any(|k| own.contains(&k.as_str())),
                    "{e:?}"
                );
            }
        }
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
