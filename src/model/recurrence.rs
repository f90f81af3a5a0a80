//! Cadences: "monthly on the first Thursday", "every two weeks", until a date or for a count,
//! with skipped dates and occurrences that move or are cancelled. Dates come from jiff's
//! calendar arithmetic on local dates, and each occurrence keeps the start's local time, so a
//! 19:00 call stays at 19:00 across daylight-saving changes.

use jiff::civil::{Date, Weekday};
use std::collections::BTreeMap;

pub const RECURRENCE_KEYS: &[&str] = &[
    "every",
    "frequency",
    "interval",
    "on",
    "until",
    "count",
    "skip",
    "changes",
];
pub(super) const CHANGE_KEYS: &[&str] = &["date", "start", "end", "duration", "status", "note"];

/// No cadence runs for ever in our output: lists and checks stop after this many dates, or
/// `HORIZON_YEARS` after the first, whichever comes first. Calendars carry the rule itself.
pub const MAX_OCCURRENCES: usize = 2000;
pub const HORIZON_YEARS: i16 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

impl Frequency {
    pub fn rrule_name(self) -> &'static str {
        match self {
            Frequency::Daily => "DAILY",
            Frequency::Weekly => "WEEKLY",
            Frequency::Monthly => "MONTHLY",
            Frequency::Yearly => "YEARLY",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ends {
    Never,
    /// The last date an occurrence may start on (inclusive, in the event's zone).
    Until(Date),
    Count(u32),
}

/// What a cadence is: a frequency every `interval` units, optionally on the nth weekday of
/// the month (`-1` for the last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub frequency: Frequency,
    pub interval: u32,
    pub nth_weekday: Option<(i8, Weekday)>,
    pub ends: Ends,
}

/// One occurrence that differs from the cadence.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// A new start and end, for a moved occurrence (in the event's zone).
    pub moved_to: Option<(jiff::civil::DateTime, jiff::civil::DateTime)>,
    pub cancelled: bool,
    pub note: Option<String>,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recurrence {
    pub rule: Rule,
    /// Dates left out of the cadence (EXDATE).
    pub skip: BTreeMap<Date, (usize, usize)>,
    /// Keyed by the date the occurrence would have had.
    pub changes: BTreeMap<Date, Change>,
}

impl Rule {
    /// The dates of the cadence from `start`, in order, before skips and changes; at most
    /// `MAX_OCCURRENCES`. Dates that do not exist in a period (the 31st of a short month, the
    /// fifth Monday) are passed over, as RFC 5545 does.
    pub fn dates(&self, start: Date) -> Vec<Date> {
        self.dates_until(start, MAX_OCCURRENCES, None)
    }

    /// The dates of the cadence from `start` up to `last`, however many: for checking that
    /// `skip:` and `changes:` name dates of the cadence (a daily call's 2,001st date is one),
    /// where the lists stop at `MAX_OCCURRENCES`.
    pub fn dates_through(&self, start: Date, last: Date) -> Vec<Date> {
        let days = start
            .until(last)
            .map_or(0, |span| span.get_days().max(0) as usize);
        self.dates_until(
            start,
            days.saturating_add(1).max(MAX_OCCURRENCES),
            Some(last),
        )
    }

    fn dates_until(&self, start: Date, most: usize, last: Option<Date>) -> Vec<Date> {
        let mut dates = Vec::new();
        let limit = match self.ends {
            Ends::Count(n) => (n as usize).min(most),
            _ => most,
        };
        // Periods with no valid date still count towards the bound on work.
        for period in 0..(most as i64).saturating_mul(4) {
            if dates.len() >= limit {
                break;
            }
            let Some(date) = self.date_in_period(start, period) else {
                continue;
            };
            if date < start {
                continue;
            }
            if last.is_some_and(|last| date > last) {
                break;
            }
            if let Ends::Until(until) = self.ends
                && date > until
            {
                break;
            }
            if self.ends == Ends::Never && date.year() > start.year().saturating_add(HORIZON_YEARS)
            {
                break;
            }
            dates.push(date);
        }
        dates
    }

    fn date_in_period(&self, start: Date, period: i64) -> Option<Date> {
        let step = period * i64::from(self.interval);
        match self.frequency {
            Frequency::Daily => start.checked_add(jiff::Span::new().days(step)).ok(),
            Frequency::Weekly => start.checked_add(jiff::Span::new().weeks(step)).ok(),
            Frequency::Monthly => {
                let month = start
                    .first_of_month()
                    .checked_add(jiff::Span::new().months(step))
                    .ok()?;
                match self.nth_weekday {
                    Some((nth, weekday)) => month.nth_weekday_of_month(nth, weekday).ok(),
                    None => Date::new(month.year(), month.month(), start.day()).ok(),
                }
            }
            Frequency::Yearly => {
                let year = i16::try_from(i64::from(start.year()) + step).ok()?;
                Date::new(year, start.month(), start.day()).ok()
            }
        }
    }
}

pub fn weekday_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

pub fn weekday_code(weekday: Weekday) -> &'static str {
    &weekday_name(weekday)[..2]
}

fn parse_weekday(word: &str) -> Option<Weekday> {
    let word = word.trim_end_matches('s');
    Some(match word {
        "monday" | "mon" => Weekday::Monday,
        "tuesday" | "tue" | "tues" => Weekday::Tuesday,
        "wednesday" | "wed" => Weekday::Wednesday,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thursday,
        "friday" | "fri" => Weekday::Friday,
        "saturday" | "sat" => Weekday::Saturday,
        "sunday" | "sun" => Weekday::Sunday,
        _ => return None,
    })
}

fn parse_ordinal(word: &str) -> Option<i8> {
    Some(match word {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        "fifth" | "5th" => 5,
        "last" => -1,
        _ => return None,
    })
}

fn parse_number(word: &str) -> Option<u32> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    word.parse()
        .ok()
        .or_else(|| WORDS.iter().position(|w| *w == word).map(|i| i as u32))
}

/// `first thursday`, `last friday`, `the second tuesday`.
pub fn parse_on(text: &str) -> Result<(i8, Weekday), String> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(str::to_lowercase)
        .filter(|w| w != "the" && w != "on")
        .collect();
    match words.as_slice() {
        [nth, day] => {
            let nth = parse_ordinal(nth).ok_or_else(|| {
                format!("`{nth}` is not first, second, third, fourth, fifth or last")
            })?;
            let day =
                parse_weekday(day).ok_or_else(|| format!("`{day}` is not a day of the week"))?;
            Ok((nth, day))
        }
        _ => Err(format!(
            "`{text}` should be like `first Thursday` or `last Friday`"
        )),
    }
}

/// A cadence that could not be read: what is wrong, and how to write it instead.
#[derive(Debug)]
pub struct PhraseError {
    pub message: String,
    pub hint: &'static str,
}

/// The usual advice: the phrases handbook reads.
pub const PHRASE_HINT: &str = "for example `monthly on the first Thursday` or `every two weeks`";

impl From<String> for PhraseError {
    fn from(message: String) -> Self {
        PhraseError {
            message,
            hint: PHRASE_HINT,
        }
    }
}

/// `on ...` with a cadence other than monthly (`frequency`). A daily, weekly or yearly event
/// repeats from its `start:`: `weekly on Tuesday` for a call that starts on a Tuesday
/// (`start_day`) says what `weekly` says and is taken; anything else is the mistake, said.
pub fn on_without_month(
    on: &str,
    frequency: Frequency,
    start_day: Option<Weekday>,
) -> Result<(), PhraseError> {
    let weekday = a_weekday(on);
    if frequency == Frequency::Weekly && weekday.is_some() && weekday == start_day {
        return Ok(());
    }
    let hint = "only a monthly cadence takes `on` (`monthly on the first Tuesday`)";
    if let Some(weekday) = weekday {
        let name = weekday_name(weekday);
        let message = match (frequency, start_day) {
            (Frequency::Weekly, Some(start)) => format!(
                "a weekly event repeats on the weekday of its `start:`, a {}: remove \
                 `on {name}`, or make `start:` a {name}",
                weekday_name(start)
            ),
            (Frequency::Weekly, None) => format!(
                "a weekly event repeats on the weekday of its `start:`: remove `on {name}`, \
                 and make `start:` a {name}"
            ),
            (Frequency::Daily, _) => format!(
                "a daily event repeats every day: remove `on {name}`, or write `weekly` \
                 and make `start:` a {name}"
            ),
            (Frequency::Monthly | Frequency::Yearly, _) => {
                format!("a yearly event repeats on the date of its `start:`: remove `on {name}`")
            }
        };
        return Err(PhraseError { message, hint });
    }
    Err(PhraseError {
        message: "`on the first ...` goes with a monthly cadence".into(),
        hint: "for example `monthly on the first Thursday`",
    })
}

/// `tuesday`, `on tuesdays`, `the tuesday`: one weekday, with no first or last.
fn a_weekday(text: &str) -> Option<Weekday> {
    let words: Vec<&str> = (text.split_whitespace())
        .filter(|w| !w.eq_ignore_ascii_case("the") && !w.eq_ignore_ascii_case("on"))
        .collect();
    match words.as_slice() {
        [day] => parse_weekday(&day.to_lowercase()),
        _ => None,
    }
}

/// Reads a cadence written in words: `weekly`, `every two weeks`, `fortnightly`,
/// `monthly on the first Thursday`, `every 3 months`, `yearly`.
pub fn parse_phrase(text: &str, start_day: Option<Weekday>) -> Result<Rule, PhraseError> {
    let lower = text.trim().to_lowercase();
    let (main, on) = match lower.split_once(" on ") {
        Some((main, on)) => (main.trim().to_string(), Some(on.trim())),
        None => (lower.clone(), None),
    };
    let words: Vec<&str> = main.split_whitespace().collect();
    let unit = |w: &str| -> Option<Frequency> {
        Some(match w.trim_end_matches('s') {
            "day" => Frequency::Daily,
            "week" => Frequency::Weekly,
            "month" => Frequency::Monthly,
            "year" => Frequency::Yearly,
            _ => return None,
        })
    };
    let unknown = || {
        format!(
            "`{text}` is not a cadence handbook knows; write for example `weekly`, `every two weeks` or `monthly on the first Thursday`"
        )
    };
    let (frequency, interval) = match words.as_slice() {
        ["daily"] => (Frequency::Daily, 1),
        ["weekly"] => (Frequency::Weekly, 1),
        ["fortnightly"] | ["biweekly"] => (Frequency::Weekly, 2),
        ["monthly"] => (Frequency::Monthly, 1),
        ["yearly"] | ["annually"] => (Frequency::Yearly, 1),
        ["every", u] | ["each", u] => (unit(u).ok_or_else(unknown)?, 1),
        ["every", n, u] => (
            unit(u).ok_or_else(unknown)?,
            parse_number(n).ok_or_else(unknown)?,
        ),
        _ => return Err(unknown().into()),
    };
    if interval == 0 {
        return Err(String::from("an interval of zero never repeats").into());
    }
    let on = match on {
        Some(on) if frequency != Frequency::Monthly => {
            on_without_month(on, frequency, start_day)?;
            None
        }
        Some(on) => Some(parse_on(on).map_err(|message| PhraseError {
            message,
            hint: "for example `monthly on the first Thursday` or `monthly on the last Friday`",
        })?),
        None => None,
    };
    Ok(Rule {
        frequency,
        interval,
        nth_weekday: on,
        ends: Ends::Never,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn rule(text: &str, ends: Ends) -> Rule {
        Rule {
            ends,
            ..parse_phrase(text, None).unwrap()
        }
    }

    fn phrase(text: &str) -> (Frequency, u32, Option<(i8, Weekday)>) {
        let rule = parse_phrase(text, None).unwrap();
        (rule.frequency, rule.interval, rule.nth_weekday)
    }

    #[test]
    fn phrases_people_write() {
        assert_eq!(phrase("weekly"), (Frequency::Weekly, 1, None));
        assert_eq!(phrase("Every two weeks"), (Frequency::Weekly, 2, None));
        assert_eq!(phrase("fortnightly"), (Frequency::Weekly, 2, None));
        assert_eq!(
            phrase("monthly on the first Thursday"),
            (Frequency::Monthly, 1, Some((1, Weekday::Thursday)))
        );
        assert_eq!(
            phrase("every 3 months on the last friday"),
            (Frequency::Monthly, 3, Some((-1, Weekday::Friday)))
        );
        assert!(parse_phrase("sometimes", None).is_err());
        assert!(parse_phrase("weekly on the first monday", None).is_err());
    }

    #[test]
    fn a_weekday_with_a_weekly_cadence_says_where_the_day_comes_from() {
        let message = parse_phrase("weekly on Tuesday", None).unwrap_err().message;
        assert!(message.contains("weekday of its `start:`"), "{message}");
        assert!(message.contains("remove `on Tuesday`"), "{message}");
        assert!(message.contains("make `start:` a Tuesday"), "{message}");
        let message = parse_phrase("every two weeks on thursdays", None)
            .unwrap_err()
            .message;
        assert!(message.contains("make `start:` a Thursday"), "{message}");
        let message = parse_phrase("yearly on Friday", None).unwrap_err().message;
        assert!(message.contains("the date of its `start:`"), "{message}");
        let error = parse_phrase("weekly on the first monday", None).unwrap_err();
        assert!(error.message.contains("goes with a monthly cadence"));
        assert!(error.hint.contains("monthly on the first Thursday"));
    }

    #[test]
    fn a_weekday_that_agrees_with_the_start_is_read_as_weekly() {
        let tuesday = Some(Weekday::Tuesday);
        let rule = parse_phrase("weekly on Tuesday", tuesday).unwrap();
        assert_eq!(rule.frequency, Frequency::Weekly);
        assert_eq!(rule.nth_weekday, None);
        let rule = parse_phrase("every two weeks on tuesdays", tuesday).unwrap();
        assert_eq!((rule.frequency, rule.interval), (Frequency::Weekly, 2));
        let message = parse_phrase("weekly on Friday", tuesday)
            .unwrap_err()
            .message;
        assert!(message.contains("its `start:`, a Tuesday"), "{message}");
        assert!(message.contains("or make `start:` a Friday"), "{message}");
        assert!(parse_phrase("daily on Tuesday", tuesday).is_err());
    }

    #[test]
    fn first_thursdays_of_the_month() {
        let dates = rule("monthly on the first thursday", Ends::Count(3)).dates(date(2026, 12, 3));
        assert_eq!(
            dates,
            [date(2026, 12, 3), date(2027, 1, 7), date(2027, 2, 4)]
        );
    }

    #[test]
    fn last_fridays_until_a_date() {
        let dates = rule("monthly on the last friday", Ends::Until(date(2027, 3, 31)))
            .dates(date(2027, 1, 1));
        assert_eq!(
            dates,
            [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26)]
        );
    }

    #[test]
    fn the_31st_is_skipped_in_short_months() {
        let dates = rule("monthly", Ends::Count(3)).dates(date(2027, 1, 31));
        assert_eq!(
            dates,
            [date(2027, 1, 31), date(2027, 3, 31), date(2027, 5, 31)]
        );
    }

    #[test]
    fn every_two_weeks_and_yearly() {
        let dates = rule("every two weeks", Ends::Count(3)).dates(date(2027, 3, 18));
        assert_eq!(
            dates,
            [date(2027, 3, 18), date(2027, 4, 1), date(2027, 4, 15)]
        );
        let dates = rule("yearly", Ends::Count(2)).dates(date(2028, 2, 29));
        assert_eq!(dates, [date(2028, 2, 29), date(2032, 2, 29)]);
    }

    #[test]
    fn unbounded_cadences_stop_at_the_bound() {
        assert_eq!(
            rule("daily", Ends::Never).dates(date(2027, 1, 1)).len(),
            MAX_OCCURRENCES
        );
        let monthly = rule("monthly", Ends::Never).dates(date(2027, 1, 1));
        assert_eq!(monthly.last(), Some(&date(2047, 12, 1)));
    }
}
