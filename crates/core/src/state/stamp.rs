//! A time as the library keeps it: UTC, to the millisecond.

use std::fmt;

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// A moment, to the millisecond, written as RFC 3339 in UTC
/// (`2025-10-04T09:12:03.120Z`), as every time in the library is. Finer
/// digits are dropped when a time is read, so a time read back from the
/// library equals the one written, and importing a file twice finds nothing
/// newer the second time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(DateTime<Utc>);

impl Stamp {
    pub fn now() -> Stamp {
        Stamp::from(Utc::now())
    }

    /// Reads an RFC 3339 time with any offset (`2025-10-04T11:12:03+02:00`).
    pub fn parse(s: &str) -> Result<Stamp, String> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| Stamp::from(t.with_timezone(&Utc)))
            .map_err(|e| {
                format!("`{s}` is not an RFC 3339 time such as 2025-10-04T09:12:03.120Z ({e})")
            })
    }
}

impl From<DateTime<Utc>> for Stamp {
    fn from(t: DateTime<Utc>) -> Stamp {
        Stamp(t.trunc_subsecs(3))
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::Millis, true))
    }
}

impl ToSql for Stamp {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for Stamp {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Stamp> {
        Stamp::parse(value.as_str()?).map_err(|e| FromSqlError::Other(e.into()))
    }
}

impl serde::Serialize for Stamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Stamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Stamp, D::Error> {
        let s = String::deserialize(d)?;
        Stamp::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_in_any_offset_and_written_in_utc_to_the_millisecond() {
        let t = Stamp::parse("2025-10-04T11:12:03.123456+02:00").unwrap();
        assert_eq!(t.to_string(), "2025-10-04T09:12:03.123Z");
        assert_eq!(Stamp::parse(&t.to_string()).unwrap(), t);
        assert_eq!(
            Stamp::parse("2025-10-04T00:00:00Z").unwrap().to_string(),
            "2025-10-04T00:00:00.000Z"
        );
        let err = Stamp::parse("yesterday").unwrap_err();
        assert!(err.contains("`yesterday` is not an RFC 3339 time"), "{err}");
    }
}
