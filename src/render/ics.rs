//! iCalendar (RFC 5545) output: `/events.ics` with every event and one file per event.
//! Small enough to write by hand; the tests check it with Python's `icalendar` and
//! `recurring-ical-events`, which no one here wrote. Lines end in CRLF and are folded at 75
//! octets, never inside a UTF-8 character (RFC 5545 section 3.1).

use crate::model::event::{Event, Occurrence, Status};
use crate::model::recurrence::{Ends, weekday_code};
use crate::model::{Data, Page, Site};
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use std::collections::BTreeMap;

/// Folds one content line to lines of at most 75 octets, each continuation starting with a
/// space, and ends every line with CRLF. Characters that iCalendar forbids are left out here,
/// so that no value, escaped or not, can break the file.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    fold_into(&mut out, &[line]);
    out
}

/// `fold` of the parts written one after the other, appended to `out`: a calendar of
/// thousands of events is tens of thousands of lines, each made without a copy of its own.
fn fold_into(out: &mut String, parts: &[&str]) {
    let mut width = 0;
    for part in parts {
        // Most lines are short ASCII with nothing to leave out: copied whole.
        if width + part.len() <= 75
            && part
                .bytes()
                .all(|b| b.is_ascii() && crate::base::escape::allowed_in_ics(char::from(b)))
        {
            out.push_str(part);
            width += part.len();
            continue;
        }
        for c in part
            .chars()
            .filter(|c| crate::base::escape::allowed_in_ics(*c))
        {
            let len = c.len_utf8();
            if width + len > 75 {
                out.push_str("\r\n ");
                width = 1;
            }
            out.push(c);
            width += len;
        }
    }
    out.push_str("\r\n");
}

struct Writer {
    text: String,
}

impl Writer {
    fn new() -> Self {
        Writer {
            text: String::new(),
        }
    }
    fn line(&mut self, name: &str, value: &str) {
        fold_into(&mut self.text, &[name, ":", value]);
    }
    fn text(&mut self, name: &str, value: &str) {
        self.line(name, &crate::base::escape::ics_text(value));
    }
}

fn utc_stamp(ts: Timestamp) -> String {
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn local_stamp(dt: DateTime) -> String {
    dt.strftime("%Y%m%dT%H%M%S").to_string()
}

fn is_utc(tz: &TimeZone) -> bool {
    tz.iana_name().is_none_or(|n| n == "UTC" || n == "Etc/UTC")
}

/// `DTSTART;TZID=Europe/London:20261203T190000`, or a UTC time for UTC events.
fn time_property(w: &mut Writer, name: &str, z: &ZonedDateTime) {
    match z.time_zone().iana_name() {
        Some(tzid) if !is_utc(z.time_zone()) => {
            w.line(&format!("{name};TZID={tzid}"), &local_stamp(z.datetime()))
        }
        _ => w.line(name, &utc_stamp(z.timestamp())),
    }
}

/// What a calendar entry is made from.
pub struct CalendarEvent<'a> {
    pub page: &'a Page,
    pub event: &'a Event,
    /// The page's absolute address, when the site has one.
    pub url: String,
}

pub struct CalendarOptions<'a> {
    pub name: &'a str,
    /// A host name for UIDs, so that they are unique beyond this site.
    pub uid_domain: &'a str,
    /// DTSTAMP: `SOURCE_DATE_EPOCH` when given, so that output is reproducible.
    pub stamp: Option<Timestamp>,
}

/// Each event's own calendar, then one with every event (`events.ics`). An event's VEVENTs
/// are the same text in both, so each is made once, and the events are shared out between
/// the cores: with thousands of events this was a tenth of a build, on one core.
pub fn calendars(events: &[CalendarEvent], options: &CalendarOptions) -> (Vec<String>, String) {
    use rayon::prelude::*;
    let blocks: Vec<String> = events
        .par_iter()
        .map(|e| vevent_block(e, options))
        .collect();
    // Every event's zones are the all-events calendar's, and hold each event's spans.
    let all_zones = zones(events);
    let transitions = transitions(&all_zones);
    let each = events
        .par_iter()
        .zip(&blocks)
        .map(|(event, block)| {
            let zones = zones(std::slice::from_ref(event));
            assemble(&zones, std::slice::from_ref(block), options, &transitions)
        })
        .collect();
    let all = assemble(&all_zones, &blocks, options, &transitions);
    (each, all)
}

/// Each zone's transitions, as VTIMEZONE text, over the span every event's calendar needs
/// (`vtimezone`'s): each calendar takes the ones in its own span, where asking the time zone
/// database again for every event's calendar was a twentieth of a build of events.
type Transitions = BTreeMap<String, Vec<(Timestamp, String)>>;

fn transitions(zones: &Zones) -> Transitions {
    zones
        .iter()
        .map(|(tzid, (tz, from, to))| {
            let (from, to) = widened(*from, *to);
            let texts = tz
                .following(from)
                .take_while(|t| t.timestamp() <= to)
                .map(|transition| {
                    let mut w = Writer::new();
                    transition_block(&mut w, tz, &transition);
                    (transition.timestamp(), w.text)
                })
                .collect();
            (tzid.clone(), texts)
        })
        .collect()
}

/// A VTIMEZONE's span: a year before the first event and after the last one.
fn widened(from: Timestamp, to: Timestamp) -> (Timestamp, Timestamp) {
    let year = jiff::SignedDuration::from_hours(24 * 366);
    (
        from.checked_sub(year).unwrap_or(from),
        to.checked_add(year).unwrap_or(to),
    )
}

/// An event's VEVENTs, as they appear in any calendar.
fn vevent_block(item: &CalendarEvent, options: &CalendarOptions) -> String {
    let mut w = Writer::new();
    vevents(&mut w, item, options);
    w.text
}

/// The calendar around the events' VEVENTs (`blocks`): its properties and the `zones` the
/// events use.
fn assemble(
    zones: &Zones,
    blocks: &[String],
    options: &CalendarOptions,
    transitions: &Transitions,
) -> String {
    let mut w = Writer::new();
    w.text
        .reserve(blocks.iter().map(String::len).sum::<usize>() + 512);
    w.line("BEGIN", "VCALENDAR");
    w.line("VERSION", "2.0");
    w.line(
        "PRODID",
        concat!("-//handbook//handbook ", env!("CARGO_PKG_VERSION"), "//EN"),
    );
    w.line("CALSCALE", "GREGORIAN");
    w.line("METHOD", "PUBLISH");
    w.text("X-WR-CALNAME", options.name);
    for (tzid, (tz, from, to)) in zones {
        let known = transitions.get(tzid).map_or(&[][..], Vec::as_slice);
        vtimezone(&mut w, tzid, tz, widened(*from, *to), known);
    }
    for block in blocks {
        w.text.push_str(block);
    }
    w.line("END", "VCALENDAR");
    w.text
}

/// Time zones by name, each with the span of time its VTIMEZONE must cover.
type Zones = BTreeMap<String, (TimeZone, Timestamp, Timestamp)>;

/// The zones the events use, each with the span of time its VTIMEZONE must cover.
fn zones(events: &[CalendarEvent]) -> Zones {
    let mut zones = Zones::new();
    for item in events {
        let start = item.event.when.start();
        let tz = start.time_zone();
        let Some(name) = tz.iana_name().filter(|_| !is_utc(tz)) else {
            continue;
        };
        let first = start.timestamp();
        let last = match item.event.recurrence.as_ref().map(|r| r.rule.ends) {
            None => item.event.when.end().timestamp(),
            Some(Ends::Never) => first
                .checked_add(jiff::SignedDuration::from_hours(24 * 366 * 10))
                .unwrap_or(first),
            Some(_) => item
                .event
                .occurrences()
                .last()
                .map(|o| o.when.end().timestamp())
                .unwrap_or(first),
        };
        let entry = zones
            .entry(name.to_string())
            .or_insert((tz.clone(), first, last));
        entry.1 = entry.1.min(first);
        entry.2 = entry.2.max(last);
    }
    zones
}

fn offset_text(offset: jiff::tz::Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// A VTIMEZONE from the time zone database: the offset in force a year before the first
/// event, then every transition until a year after the last one (`span`), taken from the
/// zone's `known` transitions (made by `transitions`, over a span that holds this one).
fn vtimezone(
    w: &mut Writer,
    tzid: &str,
    tz: &TimeZone,
    (from, to): (Timestamp, Timestamp),
    known: &[(Timestamp, String)],
) {
    w.line("BEGIN", "VTIMEZONE");
    w.line("TZID", tzid);
    let info = tz.to_offset_info(from);
    let component = if info.dst().is_dst() {
        "DAYLIGHT"
    } else {
        "STANDARD"
    };
    let offset = info.offset();
    w.line("BEGIN", component);
    w.line("DTSTART", &local_stamp(offset.to_datetime(from)));
    w.line("TZOFFSETFROM", &offset_text(offset));
    w.line("TZOFFSETTO", &offset_text(offset));
    w.text("TZNAME", info.abbreviation());
    w.line("END", component);
    // The transitions after `from` (as `TimeZone::following` gives them) up to `to`.
    let first = known.partition_point(|(at, _)| *at <= from);
    // Never before `first`, should a span ever end before it starts.
    let end = known.partition_point(|(at, _)| *at <= to).max(first);
    for (_, text) in known[first..end].iter().take(1000) {
        w.text.push_str(text);
    }
    w.line("END", "VTIMEZONE");
}

/// One transition of a VTIMEZONE: when it happens (local time before it), the offsets
/// before and after, and the zone's name after.
fn transition_block(w: &mut Writer, tz: &TimeZone, transition: &jiff::tz::TimeZoneTransition) {
    let at = transition.timestamp();
    let before = tz.to_offset(
        at.checked_sub(jiff::SignedDuration::from_secs(1))
            .unwrap_or(at),
    );
    let component = if transition.dst().is_dst() {
        "DAYLIGHT"
    } else {
        "STANDARD"
    };
    w.line("BEGIN", component);
    w.line("DTSTART", &local_stamp(before.to_datetime(at)));
    w.line("TZOFFSETFROM", &offset_text(before));
    w.line("TZOFFSETTO", &offset_text(transition.offset()));
    w.text("TZNAME", transition.abbreviation());
    w.line("END", component);
}

fn status_of(cancelled: bool, status: Status) -> &'static str {
    match (cancelled, status) {
        (true, _) | (_, Status::Cancelled) => "CANCELLED",
        (_, Status::Postponed) => "TENTATIVE",
        _ => "CONFIRMED",
    }
}

fn uid(page: &Page, domain: &str) -> String {
    format!(
        "{}@{domain}",
        page.path.trim_end_matches('/').replace('/', "-")
    )
}

fn common(w: &mut Writer, item: &CalendarEvent, options: &CalendarOptions, start: &ZonedDateTime) {
    let stamp = options
        .stamp
        .or_else(|| {
            item.page
                .meta
                .updated
                .and_then(|d| d.to_zoned_datetime(TimeZone::UTC).ok())
                .map(|z| z.timestamp())
        })
        .unwrap_or_else(|| start.timestamp());
    w.line("UID", &uid(item.page, options.uid_domain));
    w.line("DTSTAMP", &utc_stamp(stamp));
}

fn details(w: &mut Writer, item: &CalendarEvent) {
    let event = item.event;
    w.text("SUMMARY", &item.page.meta.title);
    let mut description = item.page.meta.description.clone().unwrap_or_default();
    if let Some(online) = &event.online {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&format!("Join online: {online}"));
    }
    if !item.url.is_empty() {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&item.url);
    }
    if !description.is_empty() {
        w.text("DESCRIPTION", &description);
    }
    match (&event.location, &event.online) {
        (Some(place), _) => w.text("LOCATION", place),
        (None, Some(online)) => w.text("LOCATION", online),
        (None, None) => {}
    }
    if item.url.starts_with("http") {
        w.line("URL", &item.url);
    }
}

fn vevents(w: &mut Writer, item: &CalendarEvent, options: &CalendarOptions) {
    let event = item.event;
    let (start, end) = (event.when.start(), event.when.end());
    w.line("BEGIN", "VEVENT");
    common(w, item, options, start);
    time_property(w, "DTSTART", start);
    time_property(w, "DTEND", end);
    details(w, item);
    w.line("STATUS", status_of(false, event.status));
    if let Some(recurrence) = &event.recurrence {
        let rule = &recurrence.rule;
        let mut rrule = format!("FREQ={}", rule.frequency.rrule_name());
        if rule.interval > 1 {
            rrule.push_str(&format!(";INTERVAL={}", rule.interval));
        }
        if let Some((nth, weekday)) = rule.nth_weekday {
            rrule.push_str(&format!(
                ";BYDAY={nth}{}",
                weekday_code(weekday).to_uppercase()
            ));
        }
        match rule.ends {
            Ends::Never => {}
            Ends::Count(n) => rrule.push_str(&format!(";COUNT={n}")),
            // UNTIL is in UTC when DTSTART has a zone (section 3.3.10); the last start of the day.
            Ends::Until(date) => {
                let last = date
                    .to_datetime(start.time())
                    .to_zoned_datetime(start.time_zone().clone());
                if let Ok(last) = last {
                    rrule.push_str(&format!(";UNTIL={}", utc_stamp(last.timestamp())));
                }
            }
        }
        w.line("RRULE", &rrule);
        for date in recurrence.skip.keys() {
            let planned = date.to_datetime(start.time());
            match start.time_zone().iana_name() {
                Some(tzid) if !is_utc(start.time_zone()) => {
                    w.line(&format!("EXDATE;TZID={tzid}"), &local_stamp(planned))
                }
                _ => w.line("EXDATE", &format!("{}Z", local_stamp(planned))),
            }
        }
    }
    w.line("END", "VEVENT");
    for occurrence in event
        .occurrences()
        .iter()
        .filter(|o| is_exception(event, o))
    {
        w.line("BEGIN", "VEVENT");
        common(w, item, options, occurrence.when.start());
        let planned = occurrence.original.to_datetime(start.time());
        match start.time_zone().iana_name() {
            Some(tzid) if !is_utc(start.time_zone()) => {
                w.line(&format!("RECURRENCE-ID;TZID={tzid}"), &local_stamp(planned))
            }
            _ => w.line("RECURRENCE-ID", &format!("{}Z", local_stamp(planned))),
        }
        time_property(w, "DTSTART", occurrence.when.start());
        time_property(w, "DTEND", occurrence.when.end());
        details(w, item);
        w.line("STATUS", status_of(occurrence.cancelled, event.status));
        w.line("END", "VEVENT");
    }
}

/// Occurrences of a cadence that differ from it get their own VEVENT with RECURRENCE-ID.
fn is_exception(event: &Event, occurrence: &Occurrence) -> bool {
    event.recurrence.is_some()
        && (occurrence.moved || (occurrence.cancelled && event.status != Status::Cancelled))
}

/// Every event of the site, in the sections' order.
pub fn site_events(site: &Site) -> Vec<(usize, &Event)> {
    site.sections
        .iter()
        .flat_map(|s| s.pages.iter().copied())
        .filter_map(|i| match &*site.pages[i].data {
            Data::Event(event) => Some((i, event.as_ref())),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn folding_never_splits_a_character() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        assert_eq!(unfold(&folded), format!("{line}\r\n"));
    }

    proptest! {
        #[test]
        fn any_text_round_trips(text in any::<String>(), prefix in "[A-Z]{3,12}") {
            let line = format!("{prefix}:{}", crate::base::escape::ics_text(&text));
            let folded = fold(&line);
            prop_assert!(folded.ends_with("\r\n"));
            for physical in folded.trim_end_matches("\r\n").split("\r\n") {
                prop_assert!(physical.len() <= 75);
                prop_assert!(!physical.contains('\r') && !physical.contains('\n'));
            }
            let value = unfold(folded.trim_end_matches("\r\n"));
            let value = value.strip_prefix(&format!("{prefix}:")).unwrap();
            let expected: String = text
                .chars()
                .filter(|c| crate::base::escape::allowed_in_ics(*c) || *c == '\n')
                .collect();
            prop_assert_eq!(unescape(value), expected);
        }

        /// A value written without escaping (a URL, a UID) cannot break the file either.
        #[test]
        fn any_raw_value_gives_only_allowed_characters(text in any::<String>()) {
            let folded = fold(&format!("URL:{text}"));
            for physical in folded.trim_end_matches("\r\n").split("\r\n") {
                prop_assert!(physical.chars().all(crate::base::escape::allowed_in_ics), "{physical:?}");
            }
        }

        #[test]
        fn any_text_with_newlines_and_separators_round_trips(text in "[a-z,;\\\\\\n é€😀]{0,200}") {
            let folded = fold(&format!("LOCATION:{}", crate::base::escape::ics_text(&text)));
            let value = unfold(folded.trim_end_matches("\r\n"));
            prop_assert_eq!(unescape(value.strip_prefix("LOCATION:").unwrap()), text);
        }
    }
}
