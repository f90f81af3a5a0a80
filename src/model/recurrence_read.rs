//! Reading `recurrence:` from an event's front matter: a phrase (`monthly on the first
//! Thursday`) or a mapping with `every` or `frequency`, `interval`, `on`, `until` or `count`,
//! `skip` and `changes`, each mistake with its field. The cadence itself is `recurrence.rs`.

use super::recurrence::{
    CHANGE_KEYS, Change, Ends, Frequency, PHRASE_HINT, RECURRENCE_KEYS, Recurrence, Rule,
    on_without_month, parse_on, parse_phrase,
};
use crate::base::error::Diagnostic;
use crate::source::fields::{Obj, Reader};
use crate::source::frontmatter::{Node, Value};
use jiff::civil::{Date, Weekday};
use std::collections::BTreeMap;

fn place_error(r: &mut Reader, node: &Node, field: &str, message: String, hint: &str) {
    r.push(
        Diagnostic::error(r.path, message)
            .at(node.line, node.column)
            .field(field)
            .hint(hint),
    );
}

/// Reads `recurrence:`: a phrase (`monthly on the first Thursday`) or a mapping with `every`
/// (a phrase) or `frequency` + `interval`, and `on`, `until`, `count`, `skip`, `changes`.
/// `start_day` is the weekday of the event's `start:`, which a weekly cadence repeats on.
pub fn read_recurrence(
    r: &mut Reader,
    node: &Node,
    tz: &jiff::tz::TimeZone,
    start_day: Option<Weekday>,
) -> Option<Recurrence> {
    if let Value::Str(text) = &node.value {
        return match parse_phrase(text, start_day) {
            Ok(rule) => Some(Recurrence {
                rule,
                skip: BTreeMap::new(),
                changes: BTreeMap::new(),
            }),
            Err(error) => {
                place_error(r, node, "recurrence", error.message, error.hint);
                None
            }
        };
    }
    let mut obj = r.obj(node, "recurrence.")?;
    let (frequency, interval, on) = read_cadence(r, &mut obj, node, start_day)?;
    // Every field is read, so that every mistake is said at once; any of them fails it.
    let interval = read_interval(r, &mut obj, interval);
    let on = read_on(r, &mut obj, (frequency, on), start_day);
    let ends = read_ends(r, &mut obj);
    let skip = read_skips(r, &mut obj);
    let mut changes = Some(BTreeMap::new());
    for (field, item) in r.list(&mut obj, "changes") {
        match read_change(r, &field, item, tz) {
            Some((date, change)) => {
                if let Some(changes) = changes.as_mut() {
                    changes.insert(date, change);
                }
            }
            None => changes = None,
        }
    }
    r.finish(obj, RECURRENCE_KEYS, "a recurrence");
    Some(Recurrence {
        rule: Rule {
            frequency,
            interval: interval?,
            nth_weekday: on?,
            ends: ends?,
        },
        skip: skip?,
        changes: changes?,
    })
}

type Cadence = (Frequency, u32, Option<(i8, Weekday)>);

/// `every: PHRASE` or `frequency: monthly`, exactly one of them.
fn read_cadence(
    r: &mut Reader,
    obj: &mut Obj,
    node: &Node,
    start_day: Option<Weekday>,
) -> Option<Cadence> {
    match (r.take(obj, "every"), r.take(obj, "frequency")) {
        (Some(every), None) => {
            let text = r.text_of(every, "recurrence.every")?;
            let phrase = format!("every {text}");
            match parse_phrase(&text, start_day).or_else(|_| parse_phrase(&phrase, start_day)) {
                Ok(parsed) => Some((parsed.frequency, parsed.interval, parsed.nth_weekday)),
                Err(error) => {
                    place_error(r, every, "recurrence.every", error.message, error.hint);
                    None
                }
            }
        }
        (None, Some(freq)) => {
            let text = r.text_of(freq, "recurrence.frequency")?;
            let frequency = match text.as_str() {
                "daily" => Frequency::Daily,
                "weekly" => Frequency::Weekly,
                "monthly" => Frequency::Monthly,
                "yearly" => Frequency::Yearly,
                _ => {
                    let message = format!("unknown frequency `{text}`");
                    let hint = "use daily, weekly, monthly or yearly";
                    place_error(r, freq, "recurrence.frequency", message, hint);
                    return None;
                }
            };
            Some((frequency, 1, None))
        }
        (Some(_), Some(freq)) => {
            let message = "both `every` and `frequency` are given".into();
            place_error(r, freq, "recurrence.frequency", message, "keep one of them");
            None
        }
        (None, None) => {
            r.push(
                Diagnostic::error(r.path, "a recurrence needs `every`")
                    .at(node.line, node.column)
                    .field("recurrence.every")
                    .hint(PHRASE_HINT),
            );
            None
        }
    }
}

/// `interval:`, 1 to 1000; the cadence's own when absent. `None` after an error.
fn read_interval(r: &mut Reader, obj: &mut Obj, interval: u32) -> Option<u32> {
    match r.int(obj, "interval") {
        Some(n) if (1..=1000).contains(&n) => Some(n as u32),
        Some(_) => {
            r.push(
                Diagnostic::error(r.path, "`interval` must be between 1 and 1000")
                    .at(obj.line(), 0)
                    .field("recurrence.interval"),
            );
            None
        }
        None => Some(interval),
    }
}

/// `on: first Thursday`, for a monthly cadence. `None` after an error.
fn read_on(
    r: &mut Reader,
    obj: &mut Obj,
    (frequency, on): (Frequency, Option<(i8, Weekday)>),
    start_day: Option<Weekday>,
) -> Option<Option<(i8, Weekday)>> {
    let Some(on_node) = r.take(obj, "on") else {
        return Some(on);
    };
    let text = r.text_of(on_node, "recurrence.on").unwrap_or_default();
    if frequency != Frequency::Monthly {
        return match on_without_month(&text, frequency, start_day) {
            Ok(()) => Some(on),
            Err(error) => {
                place_error(r, on_node, "recurrence.on", error.message, error.hint);
                None
            }
        };
    }
    match parse_on(&text) {
        Ok(parsed) => Some(Some(parsed)),
        Err(message) => {
            let hint = "for example `first Thursday` or `last Friday`";
            place_error(r, on_node, "recurrence.on", message, hint);
            None
        }
    }
}

/// `until: DATE` or `count: N`, not both. `None` after an error.
fn read_ends(r: &mut Reader, obj: &mut Obj) -> Option<Ends> {
    let until = r.date(obj, "until");
    let count = r.int(obj, "count");
    match (until, count) {
        (Some(_), Some(_)) => {
            r.push(
                Diagnostic::error(r.path, "both `until` and `count` are given")
                    .at(obj.line(), 0)
                    .field("recurrence.count")
                    .hint("keep one of them"),
            );
            None
        }
        (Some(date), None) => Some(Ends::Until(date)),
        (None, Some(n)) if n >= 1 => Some(Ends::Count(n.min(i64::from(u32::MAX)) as u32)),
        (None, Some(_)) => {
            r.push(
                Diagnostic::error(r.path, "`count` must be at least 1")
                    .at(obj.line(), 0)
                    .field("recurrence.count"),
            );
            None
        }
        (None, None) => Some(Ends::Never),
    }
}

/// `skip:`, dates with no occurrence, each with where it was written. `None` after an error.
fn read_skips(r: &mut Reader, obj: &mut Obj) -> Option<BTreeMap<Date, (usize, usize)>> {
    let mut skip = Some(BTreeMap::new());
    for (field, item) in r.list(obj, "skip") {
        let text = r.text_of(item, &field).unwrap_or_default();
        match text.trim().parse::<Date>() {
            Ok(date) => {
                if let Some(skip) = skip.as_mut() {
                    skip.insert(date, (item.line, item.column));
                }
            }
            Err(err) => {
                let message = format!("`{text}` is not a valid date: {err}");
                place_error(r, item, &field, message, "write dates as YYYY-MM-DD");
                skip = None;
            }
        }
    }
    skip
}

/// One entry of `changes:`: the `date` of the occurrence, and its new `start` (with `end` or
/// `duration`), `status` or `note`.
fn read_change(
    r: &mut Reader,
    field: &str,
    node: &Node,
    _tz: &jiff::tz::TimeZone,
) -> Option<(Date, Change)> {
    let mut obj = r.obj(node, &format!("{field}."))?;
    let date = r.date(&mut obj, "date");
    if date.is_none() && !obj.has("date") {
        r.push(
            Diagnostic::error(
                r.path,
                "a change needs the `date` of the occurrence it changes",
            )
            .at(node.line, node.column)
            .field(format!("{field}.date")),
        );
    }
    let start = read_local(r, &mut obj, "start", field);
    let end = read_local(r, &mut obj, "end", field);
    let duration = read_duration(r, &mut obj, field);
    let cancelled = read_cancelled(r, &mut obj, field);
    let note = r.text(&mut obj, "note");
    r.finish(obj, CHANGE_KEYS, "a change");
    let moved_to = match start {
        Some(start) => {
            let end = match (end, duration) {
                (Some(end), _) => end,
                (None, Some(span)) => start.checked_add(span).ok()?,
                // The caller fills in the usual length of the event.
                (None, None) => start,
            };
            Some((start, end))
        }
        None => None,
    };
    Some((
        date?,
        Change {
            moved_to,
            cancelled,
            note,
            line: node.line,
            column: node.column,
        },
    ))
}

/// A change's `duration: 90m`.
fn read_duration(r: &mut Reader, obj: &mut Obj, field: &str) -> Option<jiff::Span> {
    let n = r.take(obj, "duration")?;
    let text = r.text_of(n, "duration")?;
    match text
        .trim()
        .parse::<jiff::Span>()
        .or_else(|_| text.replace(' ', "").parse::<jiff::Span>())
    {
        Ok(span) => Some(span),
        Err(err) => {
            let message = format!("`{text}` is not a duration: {err}");
            let field = format!("{field}.duration");
            place_error(r, n, &field, message, "write it as 90m or 1h30m");
            None
        }
    }
}

/// A change's `status:`: `cancelled`, or `scheduled` (the default).
fn read_cancelled(r: &mut Reader, obj: &mut Obj, field: &str) -> bool {
    let Some(n) = r.take(obj, "status") else {
        return false;
    };
    match n.as_str() {
        Some("cancelled") | Some("canceled") => true,
        Some("scheduled") => false,
        _ => {
            place_error(
                r,
                n,
                &format!("{field}.status"),
                "unknown status for an occurrence".into(),
                "use `cancelled`, or move it with `start`",
            );
            false
        }
    }
}

fn read_local(
    r: &mut Reader,
    obj: &mut Obj,
    key: &str,
    field: &str,
) -> Option<jiff::civil::DateTime> {
    let node = r.take(obj, key)?;
    let text = r.text_of(node, key)?;
    let normal = text.trim().replacen(' ', "T", 1);
    match normal.parse::<jiff::civil::DateTime>() {
        Ok(dt) => Some(dt),
        Err(err) => {
            place_error(
                r,
                node,
                &format!("{field}.{key}"),
                format!("`{text}` is not a valid date and time: {err}"),
                "write it as 2027-01-14T19:00, in the event's time zone",
            );
            None
        }
    }
}
