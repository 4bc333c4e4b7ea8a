//! A whole name (`Kaiming He`, `Ludwig van Beethoven`, `Martin Luther King
//! Jr.`) cut into family and given names for the formats that want them.
//!
//! arXiv gives names whole, so this is a rule of thumb: the last word is the
//! family name, with the lowercase particles before it (`van`, `de la`) and
//! without a suffix after it (`Jr.`, `III`); a name already written
//! `Family, Given` keeps its cut; a collaboration or a one-word name is
//! taken whole (`literal`). Multi-word family names without a particle
//! (`A. Carnero Rosell`) cannot be told from a middle name and come out as
//! `Rosell, A. Carnero`.

/// A name cut for citing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    Person {
        family: String,
        given: String,
        /// `Jr.`, `III`...
        suffix: Option<String>,
    },
    /// A collaboration, a team, a one-word name: never cut.
    Literal(String),
}

const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "dei", "degli", "di", "da", "das", "dos",
    "du", "la", "le", "les", "ten", "ter", "zu", "af", "al", "el", "bin", "ibn", "y",
];
const SUFFIXES: &[&str] = &["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"];
const GROUPS: &[&str] = &[
    "collaboration",
    "consortium",
    "team",
    "group",
    "collaborations",
    "project",
    "survey",
];

pub fn split_name(name: &str) -> Name {
    let name = super::one_line(name);
    if let Some((family, given)) = name.split_once(',') {
        let (family, given) = (family.trim(), given.trim());
        if !family.is_empty() && !given.is_empty() && !given.contains(',') {
            return Name::Person {
                family: family.to_owned(),
                given: given.to_owned(),
                suffix: None,
            };
        }
    }
    let mut words: Vec<&str> = name.split(' ').filter(|w| !w.is_empty()).collect();
    let is_group = words
        .iter()
        .any(|w| GROUPS.contains(&w.to_lowercase().trim_end_matches([',', '.'])));
    if words.len() < 2 || is_group {
        return Name::Literal(name);
    }
    let mut suffix = None;
    if words.len() > 2 && SUFFIXES.contains(&words[words.len() - 1].to_lowercase().as_str()) {
        suffix = words.pop().map(|s| s.to_owned());
        if let Some(w) = words.last_mut() {
            *w = w.trim_end_matches(',');
        }
    }
    let mut start = words.len() - 1;
    while start > 1 && PARTICLES.contains(&words[start - 1]) {
        start -= 1;
    }
    Name::Person {
        family: words[start..].join(" "),
        given: words[..start].join(" "),
        suffix,
    }
}

impl Name {
    /// The family name (a literal name whole).
    pub fn family(&self) -> &str {
        match self {
            Name::Person { family, .. } => family,
            Name::Literal(name) => name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(family: &str, given: &str) -> Name {
        Name::Person {
            family: family.into(),
            given: given.into(),
            suffix: None,
        }
    }

    #[test]
    fn names_are_cut_before_the_last_word_and_its_particles() {
        assert_eq!(split_name("Kaiming He"), person("He", "Kaiming"));
        assert_eq!(split_name(" Dirk\n Wübben "), person("Wübben", "Dirk"));
        assert_eq!(split_name("P. -F. Leget"), person("Leget", "P. -F."));
        assert_eq!(split_name("L. N. da Costa"), person("da Costa", "L. N."));
        assert_eq!(
            split_name("M. E. da Silva Pereira"),
            person("Pereira", "M. E. da Silva")
        );
        assert_eq!(
            split_name("Ludwig van der Beethoven"),
            person("van der Beethoven", "Ludwig")
        );
        assert_eq!(split_name("He, Kaiming"), person("He", "Kaiming"));
        assert_eq!(
            split_name("Martin Luther King Jr."),
            Name::Person {
                family: "King".into(),
                given: "Martin Luther".into(),
                suffix: Some("Jr.".into())
            }
        );
        assert_eq!(split_name("Yann"), Name::Literal("Yann".into()));
        assert_eq!(
            split_name("The ATLAS Collaboration"),
            Name::Literal("The ATLAS Collaboration".into())
        );
        // a leading particle is a given name, not a whole name's family
        assert_eq!(split_name("de Vries"), person("Vries", "de"));
    }
}
