//! Reading an event from its front matter: its zone, start and end in that zone, place,
//! format, host, status and cadence (`recurrence_read`), every mistake with its field and
//! the fix. What an event is and its occurrences are in `event.rs`.

use super::event::{Event, Format, Status, When};
use super::recurrence_read::read_recurrence;
use crate::base::error::Diagnostic;
use crate::source::fields::{Obj, Reader};
use crate::source::frontmatter::Node;
use jiff::{ZonedDateTime as Zoned, civil, tz::TimeZone};

/// Reads a date-time: `2026-12-03T19:00`, `2026-12-03 19:00`, or with an offset
/// (`2026-12-03T19:00:00+01:00`), which is then shown in `tz`.
pub fn parse_datetime(text: &str, tz: &TimeZone) -> Result<Zoned, String> {
    let text = text.trim();
    let normal = text.replacen(' ', "T", 1);
    if let Ok(ts) = normal.parse::<jiff::Timestamp>() {
        return Ok(ts.to_zoned_datetime(tz.clone()));
    }
    let datetime = match normal.parse::<civil::DateTime>() {
        Ok(dt) => dt,
        Err(err) => match normal.parse::<civil::Date>() {
            Ok(date) => date.to_datetime(civil::Time::midnight()),
            Err(_) => return Err(err.to_string()),
        },
    };
    datetime
        .to_zoned_datetime(tz.clone())
        .map_err(|e| e.to_string())
}

/// The message and hint for a date and time that could not be read: in plain words, with
/// the author's own date written the way handbook reads it when it can be worked out (the
/// parser's own explanation is kept only when nothing better is known).
fn date_time_problem(text: &str, err: &str, example: &str) -> (String, String) {
    match crate::source::dates::iso_suggestion(text) {
        Some(iso) => (
            format!("`{text}` is not written the way handbook reads dates and times"),
            format!(
                "did you mean `{iso}`? Write the year first, then month and day, then T and the time (24-hour clock)"
            ),
        ),
        None => (
            format!("`{text}` is not a date and time handbook can read ({err})"),
            format!(
                "write it as {example}: year-month-day, T, then the time (24-hour clock), in the event's time zone"
            ),
        ),
    }
}

/// Reads `90m`, `1h30m`, `1h 30m` or ISO 8601 `PT1H30M`.
fn parse_duration(text: &str) -> Result<jiff::Span, String> {
    let text = text.trim();
    text.parse::<jiff::Span>()
        .or_else(|_| text.replace(' ', "").parse::<jiff::Span>())
        .map_err(|e| e.to_string())
}

fn where_error(r: &mut Reader, node: &Node, field: &str, message: String, hint: &str) {
    r.push(
        Diagnostic::error(r.path, message)
            .at(node.line, node.column)
            .field(field)
            .hint(hint),
    );
}

/// Reads an event's fields: its zone, `start`, `end` or `duration`, place, format, host,
/// registration, status and `recurrence`, each mistake with its field. `None` when it
/// cannot be an event (no valid start, or an end before the start).
pub fn read_event(
    r: &mut Reader,
    obj: &mut Obj,
    site_tz: &TimeZone,
    site_tz_name: &str,
) -> Option<Event> {
    let (tz, timezone_name) = read_zone(r, obj, site_tz, site_tz_name)?;
    let start_node = r.take(obj, "start");
    let start = match start_node {
        Some(node) => read_start(r, node, &tz)?,
        None => {
            r.required_text(obj, "start", "2026-03-05T19:00");
            None
        }
    };
    // Where the author wrote the end (or the duration): an end before the start is fixed there.
    let end_at = obj
        .value_position("end")
        .or_else(|| obj.value_position("duration"));
    let end = read_end(r, obj, start.as_ref(), &tz);
    let location = r.text(obj, "location");
    let online = r.url(obj, "online");
    let format = read_format(r, obj).or(match (&location, &online) {
        (Some(_), Some(_)) => Some(Format::Hybrid),
        (Some(_), None) => Some(Format::InPerson),
        (None, Some(_)) => Some(Format::Online),
        (None, None) => None,
    });
    let host = r.take(obj, "host").and_then(|node| {
        r.text_of(node, "host")
            .map(|slug| (slug, node.line, node.column))
    });
    let registration = r.url(obj, "registration");
    let mut status = read_status(r, obj);
    if r.bool(obj, "cancelled") == Some(true) {
        status = Status::Cancelled;
    }
    let recurrence_node = r.take(obj, "recurrence");
    let recurrence = match recurrence_node {
        Some(node) => {
            let start_day = start.as_ref().map(|s| s.weekday());
            Some(read_recurrence(r, node, &tz, start_day)?)
        }
        None => None,
    };
    let (start, end) = (start?, end?);
    let Some(when) = When::new(start, end) else {
        let mut node = obj_node_for(r, start_node);
        if let Some((line, column)) = end_at {
            (node.line, node.column) = (line, column);
        }
        where_error(
            r,
            &node,
            "end",
            "the event ends before it starts".into(),
            "check `end` (or `duration`) against `start`",
        );
        return None;
    };
    let mut event = Event {
        when,
        timezone_name,
        location,
        online,
        format,
        host,
        registration,
        status,
        recurrence,
        occurrences: Vec::new(),
    };
    event.occurrences = event.compute_occurrences();
    if let Some(node) = recurrence_node {
        check_recurrence(r, node, &event)?;
    }
    Some(event)
}

/// The event's own `timezone:`, else the site's. `None` after an error.
fn read_zone(
    r: &mut Reader,
    obj: &mut Obj,
    site_tz: &TimeZone,
    site_tz_name: &str,
) -> Option<(TimeZone, String)> {
    let Some(node) = r.take(obj, "timezone") else {
        return Some((site_tz.clone(), site_tz_name.to_string()));
    };
    let name = r.text_of(node, "timezone")?;
    if let Ok(tz) = TimeZone::get(&name) {
        return Some((tz, name));
    }
    let hint = crate::source::dates::zone_named(&name).map_or_else(
        || "use an IANA name such as Europe/Berlin or America/Chicago".to_string(),
        |zone| format!("did you mean `{zone}`?"),
    );
    let message = format!("unknown time zone `{name}`");
    where_error(r, node, "timezone", message, &hint);
    None
}

/// `start:` in the event's zone: `Some(None)` after an error in the date, so that the other
/// fields are still read; `None` when it is not text at all.
fn read_start(r: &mut Reader, node: &Node, tz: &TimeZone) -> Option<Option<Zoned>> {
    let text = r.text_of(node, "start")?;
    match parse_datetime(&text, tz) {
        Ok(z) => Some(Some(z)),
        Err(err) => {
            let (message, hint) = date_time_problem(&text, &err, "2026-03-05T19:00");
            where_error(r, node, "start", message, &hint);
            Some(None)
        }
    }
}

/// `format:` online, in-person or hybrid.
fn read_format(r: &mut Reader, obj: &mut Obj) -> Option<Format> {
    let node = r.take(obj, "format")?;
    match node.as_str() {
        Some("online") => Some(Format::Online),
        Some("in-person") => Some(Format::InPerson),
        Some("hybrid") => Some(Format::Hybrid),
        _ => {
            let hint = "use `online`, `in-person` or `hybrid`";
            where_error(r, node, "format", "unknown format".into(), hint);
            None
        }
    }
}

/// `status:` scheduled (the default), cancelled or postponed.
fn read_status(r: &mut Reader, obj: &mut Obj) -> Status {
    let Some(node) = r.take(obj, "status") else {
        return Status::Scheduled;
    };
    match node.as_str() {
        Some("scheduled") => Status::Scheduled,
        Some("cancelled") | Some("canceled") => Status::Cancelled,
        Some("postponed") => Status::Postponed,
        _ => {
            let hint = "use `scheduled`, `cancelled` or `postponed`";
            where_error(r, node, "status", "unknown status".into(), hint);
            Status::Scheduled
        }
    }
}

/// A cadence must happen at least once, and skips and changes must name its dates.
fn check_recurrence(r: &mut Reader, node: &Node, event: &Event) -> Option<()> {
    let recurrence = event.recurrence.as_ref()?;
    let first = event.when.start().date();
    let named = recurrence.skip.keys().chain(recurrence.changes.keys());
    let dates = match named.max() {
        // One past the last named date, so that its neighbours can be shown.
        Some(last) => recurrence.rule.dates_through(
            first,
            last.checked_add(jiff::Span::new().days(400))
                .unwrap_or(*last),
        ),
        None => recurrence.rule.dates(first),
    };
    let mut ok = true;
    let nearby = |date: civil::Date| -> String {
        let after = dates.partition_point(|d| *d < date);
        let near: Vec<String> = dates[after.saturating_sub(1)..(after + 1).min(dates.len())]
            .iter()
            .map(|d| d.to_string())
            .collect();
        if near.is_empty() {
            String::from("it has no dates")
        } else {
            format!("its nearest dates are {}", near.join(" and "))
        }
    };
    for (date, (line, column)) in &recurrence.skip {
        if dates.binary_search(date).is_err() {
            r.push(
                Diagnostic::error(
                    r.path,
                    format!("{date} is not a date of this cadence, so it cannot be skipped"),
                )
                .at(*line, *column)
                .field("recurrence.skip")
                .hint(nearby(*date)),
            );
            ok = false;
        }
    }
    for (date, change) in &recurrence.changes {
        if dates.binary_search(date).is_err() {
            r.push(
                Diagnostic::error(
                    r.path,
                    format!("{date} is not a date of this cadence, so it cannot be changed"),
                )
                .at(change.line, change.column)
                .field("recurrence.changes")
                .hint(nearby(*date)),
            );
            ok = false;
        }
        if let Some((start, end)) = change.moved_to
            && end < start
        {
            r.push(
                Diagnostic::error(r.path, "the moved occurrence ends before it starts")
                    .at(change.line, change.column)
                    .field("recurrence.changes"),
            );
            ok = false;
        }
    }
    if ok && event.occurrences().is_empty() {
        r.push(
            Diagnostic::error(r.path, "this recurrence never occurs")
                .at(node.line, node.column)
                .field("recurrence")
                .hint("check `until` against `start`, and that not every date is skipped"),
        );
        ok = false;
    }
    ok.then_some(())
}

fn obj_node_for(_r: &Reader, node: Option<&Node>) -> Node {
    node.cloned().unwrap_or(Node {
        value: crate::source::frontmatter::Value::Null,
        line: 0,
        column: 0,
    })
}

/// `end` (a date-time, or a time on the start's day) or `duration`; one hour when neither.
fn read_end(r: &mut Reader, obj: &mut Obj, start: Option<&Zoned>, tz: &TimeZone) -> Option<Zoned> {
    let end_node = r.take(obj, "end");
    let duration_node = r.take(obj, "duration");
    if let (Some(_), Some(node)) = (end_node, duration_node) {
        where_error(
            r,
            node,
            "duration",
            "both `end` and `duration` are given".into(),
            "keep one of them",
        );
        return None;
    }
    if let Some(node) = end_node {
        let text = r.text_of(node, "end")?;
        let start = start?;
        let parsed = match text.trim().parse::<civil::Time>() {
            Ok(time) => start
                .date()
                .to_datetime(time)
                .to_zoned_datetime(tz.clone())
                .map_err(|e| e.to_string()),
            Err(_) => parse_datetime(&text, tz),
        };
        return match parsed {
            Ok(end) => Some(end),
            Err(err) => {
                let (message, hint) = date_time_problem(&text, &err, "2026-03-05T20:30");
                let hint = if hint.starts_with("did you mean") {
                    hint
                } else {
                    format!("{hint}, or just 20:30 for the same day")
                };
                where_error(r, node, "end", message, &hint);
                None
            }
        };
    }
    if let Some(node) = duration_node {
        let text = r.text_of(node, "duration")?;
        return match parse_duration(&text) {
            Ok(span) => {
                let start = start?;
                match start.checked_add(span) {
                    Ok(end) => Some(end),
                    Err(err) => {
                        where_error(
                            r,
                            node,
                            "duration",
                            err.to_string(),
                            "use a shorter duration",
                        );
                        None
                    }
                }
            }
            Err(err) => {
                where_error(
                    r,
                    node,
                    "duration",
                    format!("`{text}` is not a duration: {err}"),
                    "write it as 90m, 1h30m or 2h",
                );
                None
            }
        };
    }
    start?.checked_add(jiff::Span::new().hours(1)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::event::*;
    use crate::source::fields::UnknownKeys;
    use crate::source::frontmatter::parse;
    use std::path::Path;

    fn read(yaml: &str) -> (Option<Event>, Vec<Diagnostic>) {
        let node = parse(yaml, 2).unwrap();
        let mut r = Reader::new(Path::new("e.md"), UnknownKeys::Error);
        let mut obj = r.obj(&node, "").unwrap();
        let tz = TimeZone::get("Europe/London").unwrap();
        let event = read_event(&mut r, &mut obj, &tz, "Europe/London");
        (event, r.diagnostics)
    }

    #[test]
    fn local_times_use_the_site_zone() {
        let (e, d) = read("start: 2026-07-02T19:00\nduration: 90m\n");
        assert!(d.is_empty(), "{d:?}");
        let e = e.unwrap();
        assert_eq!(e.when.start().offset().seconds(), 3600);
        assert_eq!(e.when.end().time(), civil::time(20, 30, 0, 0));
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let (e, d) = read("start: 2026-07-02T19:00\nend: 18:00\n");
        assert!(e.is_none());
        assert_eq!(d[0].field.as_deref(), Some("end"));
        // At `end`, where the fix goes (it pointed at `start` before).
        assert_eq!(d[0].line, 3);
    }

    #[test]
    fn impossible_dates_and_zones_are_errors_with_places() {
        let (_, d) = read("start: 2026-02-30T19:00\n");
        assert_eq!((d[0].field.as_deref(), d[0].line), (Some("start"), 2));
        let (_, d) = read("start: 2026-02-03T19:00\ntimezone: Europe/Lundon\n");
        assert_eq!((d[0].field.as_deref(), d[0].line), (Some("timezone"), 3));
    }

    #[test]
    fn offsets_are_kept_as_instants() {
        let (e, _) = read("start: 2026-01-10T09:00:00-05:00\n");
        assert_eq!(e.unwrap().when.start().time(), civil::time(14, 0, 0, 0));
    }

    #[test]
    fn format_follows_place_and_link() {
        let (e, _) = read("start: 2026-01-10T09:00\nlocation: Hall\nonline: https://x.org\n");
        assert_eq!(e.unwrap().format, Some(Format::Hybrid));
    }

    #[test]
    fn a_weekly_call_keeps_its_local_time_across_daylight_saving() {
        let (e, d) = read("start: 2027-03-18T19:00\nrecurrence: weekly\n");
        assert!(d.is_empty(), "{d:?}");
        let event = e.unwrap();
        let occ = event.occurrences();
        let utc: Vec<String> = occ[..3]
            .iter()
            .map(|o| o.when.start().timestamp().to_string())
            .collect();
        assert_eq!(
            utc,
            [
                "2027-03-18T19:00:00Z",
                "2027-03-25T19:00:00Z",
                "2027-04-01T18:00:00Z"
            ]
        );
        assert!(
            occ.iter()
                .all(|o| o.when.start().time() == civil::time(19, 0, 0, 0))
        );
    }

    #[test]
    fn skips_moves_and_cancellations_apply() {
        let yaml = "start: 2027-01-07T19:00\nduration: 1h\nrecurrence:\n  every: month\n  on: first thursday\n  count: 4\n  skip: [2027-02-04]\n  changes:\n    - date: 2027-03-04\n      start: 2027-03-11T18:30\n    - date: 2027-04-01\n      status: cancelled\n";
        let (e, d) = read(yaml);
        assert!(d.is_empty(), "{d:?}");
        let event = e.unwrap();
        let occ = event.occurrences();
        let starts: Vec<String> = occ
            .iter()
            .map(|o| o.when.start().datetime().to_string())
            .collect();
        assert_eq!(
            starts,
            [
                "2027-01-07T19:00:00",
                "2027-03-11T18:30:00",
                "2027-04-01T19:00:00"
            ]
        );
        assert_eq!(occ[1].when.end().time(), civil::time(19, 30, 0, 0));
        assert!(occ[1].moved && !occ[1].cancelled);
        assert!(occ[2].cancelled);
    }

    #[test]
    fn a_recurrence_that_never_occurs_is_an_error() {
        let (e, d) =
            read("start: 2027-03-18T19:00\nrecurrence:\n  every: week\n  until: 2027-01-01\n");
        assert!(e.is_none());
        assert_eq!((d[0].field.as_deref(), d[0].line), (Some("recurrence"), 4));
        assert!(d[0].message.contains("never occurs"));
    }

    #[test]
    fn skips_must_be_dates_of_the_cadence() {
        let (_, d) =
            read("start: 2027-03-18T19:00\nrecurrence:\n  every: week\n  skip: [2027-03-26]\n");
        assert_eq!(d[0].field.as_deref(), Some("recurrence.skip"));
        assert_eq!(d[0].line, 5);
        assert!(
            d[0].hint.as_deref().unwrap().contains("2027-03-25"),
            "{d:?}"
        );
    }

    #[test]
    fn unknown_cadences_are_explained() {
        let (_, d) = read("start: 2027-03-18T19:00\nrecurrence: every blue moon\n");
        assert_eq!(
            (d[0].field.as_deref(), d[0].line, d[0].column),
            (Some("recurrence"), 3, 13)
        );
    }
}
