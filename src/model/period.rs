//! When a plan item happens, as people write it: a day, a month, a quarter, a half, a year,
//! or a range of two of them. Each becomes a first and a last day, so that "past its period"
//! is a comparison of dates.

use crate::source::fields::Reader;
use crate::source::frontmatter::{Node, Value};
use jiff::civil::Date;

/// A span of whole days, both ends included, with the words it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub start: Date,
    pub end: Date,
    /// "March 2027", "Q2 2027", "15 March 2027", "January 2027 to June 2027".
    pub label: String,
}

const HINT: &str = "write a date (2027-03-15), a month (2027-03), a quarter (2027-Q2), a half (2027-H1), a year (2027), or a range such as `2027-01 to 2027-06`";

pub fn read_period(r: &mut Reader, node: &Node, field: &str) -> Option<Period> {
    let text = match &node.value {
        Value::Int(year) => year.to_string(),
        _ => r.text_of(node, field)?,
    };
    match parse(&text) {
        Ok(period) => Some(period),
        Err(message) => {
            r.push(
                crate::base::error::Diagnostic::error(r.path, message)
                    .at(node.line, node.column)
                    .field(field)
                    .hint(HINT),
            );
            None
        }
    }
}

/// Reads `text`, or says in words why not.
pub fn parse(text: &str) -> Result<Period, String> {
    let text = text.trim();
    let sides = [" to ", "..", " – ", " — "]
        .iter()
        .find_map(|sep| text.split_once(sep));
    match sides {
        Some((from, to)) => {
            let (from, to) = (point(from.trim())?, point(to.trim())?);
            if to.end < from.start {
                return Err(format!("`{text}` ends before it starts"));
            }
            Ok(Period {
                start: from.start,
                end: to.end,
                label: format!("{} to {}", from.label, to.label),
            })
        }
        None => point(text),
    }
}

/// One day, month, quarter, half or year.
fn point(text: &str) -> Result<Period, String> {
    let unknown = || match crate::source::dates::iso_date(text) {
        Some(iso) => {
            format!("`{text}` is not written the way handbook reads dates; did you mean `{iso}`?")
        }
        None => format!("`{text}` is not a date or period handbook can read"),
    };
    let (year, rest) = match text.split_once('-') {
        Some((year, rest)) => (year, Some(rest)),
        None => (text, None),
    };
    let year: i16 = year
        .parse()
        .ok()
        .filter(|y| (1900..=9999).contains(y))
        .ok_or_else(unknown)?;
    let whole = |first_month: i8, months: i8, label: String| -> Result<Period, String> {
        let start = Date::new(year, first_month, 1).map_err(|e| e.to_string())?;
        let last_month = Date::new(year, first_month + months - 1, 1).map_err(|e| e.to_string())?;
        Ok(Period {
            start,
            end: last_month.last_of_month(),
            label,
        })
    };
    let Some(rest) = rest else {
        return whole(1, 12, year.to_string());
    };
    let upper = rest.to_ascii_uppercase();
    if let Some(q) = upper.strip_prefix('Q') {
        let q: i8 = q
            .parse()
            .ok()
            .filter(|q| (1..=4).contains(q))
            .ok_or_else(unknown)?;
        return whole((q - 1) * 3 + 1, 3, format!("Q{q} {year}"));
    }
    if let Some(h) = upper.strip_prefix('H') {
        let h: i8 = h
            .parse()
            .ok()
            .filter(|h| (1..=2).contains(h))
            .ok_or_else(unknown)?;
        return whole((h - 1) * 6 + 1, 6, format!("H{h} {year}"));
    }
    if rest.len() == 2 {
        let month: i8 = rest
            .parse()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .ok_or_else(unknown)?;
        let start = Date::new(year, month, 1).map_err(|e| e.to_string())?;
        return whole(month, 1, start.strftime("%B %Y").to_string());
    }
    let day: Date = text.parse().map_err(|_| unknown())?;
    Ok(Period {
        start: day,
        end: day,
        label: day.strftime("%-d %B %Y").to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn ends(text: &str) -> (Date, Date, String) {
        let p = parse(text).unwrap();
        (p.start, p.end, p.label)
    }

    #[test]
    fn each_way_of_writing_a_period() {
        assert_eq!(
            ends("2027"),
            (date(2027, 1, 1), date(2027, 12, 31), "2027".into())
        );
        assert_eq!(
            ends("2027-02"),
            (date(2027, 2, 1), date(2027, 2, 28), "February 2027".into())
        );
        assert_eq!(ends("2028-02").1, date(2028, 2, 29));
        assert_eq!(
            ends("2027-q2"),
            (date(2027, 4, 1), date(2027, 6, 30), "Q2 2027".into())
        );
        assert_eq!(
            ends("2027-H2"),
            (date(2027, 7, 1), date(2027, 12, 31), "H2 2027".into())
        );
        assert_eq!(
            ends("2027-03-05"),
            (date(2027, 3, 5), date(2027, 3, 5), "5 March 2027".into())
        );
        assert_eq!(
            ends("2027-01 to 2027-Q2"),
            (
                date(2027, 1, 1),
                date(2027, 6, 30),
                "January 2027 to Q2 2027".into()
            )
        );
        assert_eq!(ends("2027-01-10..2027-01-20").1, date(2027, 1, 20));
    }

    #[test]
    fn mistakes_say_what_is_wrong() {
        assert!(parse("2027-Q5").is_err());
        assert!(parse("2027-13").is_err());
        assert!(parse("spring").is_err());
        assert!(
            parse("2027-06 to 2027-01")
                .unwrap_err()
                .contains("ends before")
        );
        assert!(parse("15/03/2027").unwrap_err().contains("2027-03-15"));
        assert!(parse("2027-02-30").is_err());
    }
}
