//! Events: when, where and how. Times are read in the event's own time zone (or the site's),
//! and a parsed `Event` always ends after it starts. Recurrence and calendars build on this.

use super::recurrence::Recurrence;
use jiff::{ZonedDateTime as Zoned, civil};
use serde::Serialize;

pub const EVENT_KEYS: &[&str] = &[
    "start",
    "end",
    "duration",
    "timezone",
    "location",
    "online",
    "format",
    "host",
    "registration",
    "status",
    "cancelled",
    "recurrence",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Online,
    InPerson,
    Hybrid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Scheduled,
    Cancelled,
    Postponed,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub when: When,
    pub timezone_name: String,
    pub location: Option<String>,
    pub online: Option<String>,
    pub format: Option<Format>,
    /// A person or role slug; checked against the site once all files are read.
    pub host: Option<(String, usize, usize)>,
    pub registration: Option<String>,
    pub status: Status,
    pub recurrence: Option<Recurrence>,
    /// Worked out once, when the event is read (`event_read`), and never changed after.
    pub(super) occurrences: Vec<Occurrence>,
}

/// One time the event happens: the event itself, or one date of its cadence.
#[derive(Debug, Clone, PartialEq)]
pub struct Occurrence {
    /// The date the cadence gives it, before any move: its identity in calendars.
    pub original: civil::Date,
    pub when: When,
    pub cancelled: bool,
    pub moved: bool,
    pub note: Option<String>,
}

impl Event {
    /// Every occurrence in order of start (bounded, see `recurrence::MAX_OCCURRENCES`),
    /// skips left out, moves and cancellations applied.
    pub fn occurrences(&self) -> &[Occurrence] {
        &self.occurrences
    }

    pub(super) fn compute_occurrences(&self) -> Vec<Occurrence> {
        let first = self.when.start();
        let Some(recurrence) = &self.recurrence else {
            return vec![Occurrence {
                original: first.date(),
                when: self.when.clone(),
                cancelled: self.status == Status::Cancelled,
                moved: false,
                note: None,
            }];
        };
        let tz = first.time_zone().clone();
        let length = first
            .datetime()
            .until(self.when.end().datetime())
            .unwrap_or_default();
        let at = |start: civil::DateTime, end: civil::DateTime| -> Option<When> {
            let start = start.to_zoned_datetime(tz.clone()).ok()?;
            let end = end.to_zoned_datetime(tz.clone()).ok()?;
            When::new(start, end)
        };
        let mut occurrences: Vec<Occurrence> = recurrence
            .rule
            .dates(first.date())
            .into_iter()
            .filter(|date| !recurrence.skip.contains_key(date))
            .filter_map(|date| {
                let change = recurrence.changes.get(&date);
                let planned = date.to_datetime(first.time());
                let (start, end) = match change.and_then(|c| c.moved_to) {
                    Some((start, end)) if end > start => (start, end),
                    Some((start, _)) => (start, start.checked_add(length).ok()?),
                    None => (planned, planned.checked_add(length).ok()?),
                };
                Some(Occurrence {
                    original: date,
                    when: at(start, end)?,
                    cancelled: self.status == Status::Cancelled
                        || change.is_some_and(|c| c.cancelled),
                    moved: change.is_some_and(|c| c.moved_to.is_some()),
                    note: change.and_then(|c| c.note.clone()),
                })
            })
            .collect();
        occurrences.sort_by_key(|o| o.when.start().timestamp());
        occurrences
    }
}

/// A start and an end in one time zone, the end strictly later: the constructor checks it,
/// so no later code has to.
#[derive(Debug, Clone, PartialEq)]
pub struct When {
    start: Zoned,
    end: Zoned,
}

impl When {
    pub fn new(start: Zoned, end: Zoned) -> Option<When> {
        (end > start).then_some(When { start, end })
    }
    pub fn start(&self) -> &Zoned {
        &self.start
    }
    pub fn end(&self) -> &Zoned {
        &self.end
    }
}
