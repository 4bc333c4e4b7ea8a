//! A plain scan over titles, summaries, keywords and notes: every term must
//! occur somewhere in a paper's text, ignoring ASCII case.

use super::{Library, PaperFilter, PaperRow, Result};

impl Library {
    pub fn search(&self, query: &str) -> Result<Vec<PaperRow>> {
        let terms: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, lower(p.title || char(10)
                     || coalesce((SELECT group_concat(e.title || char(10) || e.summary, char(10))
                                    FROM entries e WHERE e.paper_id = p.id), '') || char(10)
                     || coalesce((SELECT text FROM notes n WHERE n.paper_id = p.id), ''))
               FROM papers p",
        )?;
        let mut hits = Vec::new();
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, text) = row?;
            if terms.iter().all(|t| text.contains(t.as_str())) {
                hits.push(id);
            }
        }
        let all = self.list(&PaperFilter::default())?;
        Ok(all.into_iter().filter(|p| hits.contains(&p.id.0)).collect())
    }
}
