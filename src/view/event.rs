//! Events as templates see them: each occurrence with its date and time in the event's zone,
//! the cadence in words, calendar links, and schema.org JSON-LD.

use super::{Link, PageView, Views, url};
use crate::model::event::{Event, Format, Occurrence, Status};
use crate::model::{Data, Kind, Page};
use jiff::ZonedDateTime;
use serde::Serialize;

/// One event, or one occurrence of a recurring event.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// RFC 3339 with the offset, for `<time datetime>` and scripts.
    pub start: String,
    pub end: String,
    /// "Thursday 3 December 2026", in the event's time zone.
    pub date: String,
    /// "19:00–20:30".
    pub time: String,
    pub timezone: String,
    /// "GMT", "CET": what the zone is called on that date.
    pub timezone_abbreviation: String,
    pub format: Option<Format>,
    pub location: Option<String>,
    pub online: Option<String>,
    pub registration: Option<String>,
    /// `cancelled` also when only this occurrence is.
    pub status: Status,
    pub host: Option<Link>,
    pub upcoming: bool,
    /// "Monthly on the first Thursday", for recurring events.
    pub recurrence: Option<String>,
    /// The next occurrences (at most `upcoming_occurrences`), for recurring events.
    pub occurrences: Vec<OccurrenceView>,
    /// Past occurrences of a recurring event, latest first (at most 24).
    pub past_occurrences: Vec<OccurrenceView>,
    /// This event's own `.ics` file, for "add to calendar".
    pub calendar_url: String,
    /// schema.org Event as JSON, safe to print inside `<script type="application/ld+json">`.
    pub json_ld: String,
    #[serde(skip)]
    pub(super) sort_key: jiff::Timestamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct OccurrenceView {
    pub start: String,
    pub end: String,
    pub date: String,
    pub time: String,
    pub timezone_abbreviation: String,
    pub cancelled: bool,
    /// Moved away from the cadence's usual date or time.
    pub moved: bool,
    pub note: Option<String>,
    pub upcoming: bool,
}

fn rfc3339(z: &ZonedDateTime) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn time_range(start: &ZonedDateTime, end: &ZonedDateTime) -> String {
    if start.date() == end.date() {
        format!("{}–{}", start.strftime("%H:%M"), end.strftime("%H:%M"))
    } else {
        format!(
            "{} – {}",
            start.strftime("%H:%M"),
            end.strftime("%A %-d %B %Y %H:%M")
        )
    }
}

/// JSON for a `<script>` element: `<`, `>` and `&` escaped so that no string, however
/// written, can close the element or open a comment.
pub fn script_safe_json(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

impl<'a> Views<'a> {
    fn occurrence(&self, o: &Occurrence) -> OccurrenceView {
        let (start, end) = (o.when.start(), o.when.end());
        OccurrenceView {
            start: rfc3339(start),
            end: rfc3339(end),
            date: start.strftime("%A %-d %B %Y").to_string(),
            time: time_range(start, end),
            timezone_abbreviation: start.strftime("%Z").to_string(),
            cancelled: o.cancelled,
            moved: o.moved,
            note: o.note.clone(),
            upcoming: end.timestamp() > self.now,
        }
    }

    /// The occurrence an event page shows first: the next one, or the last one when all are
    /// past.
    fn featured<'o>(&self, occurrences: &'o [Occurrence]) -> Option<&'o Occurrence> {
        occurrences
            .iter()
            .find(|o| o.when.end().timestamp() > self.now)
            .or_else(|| occurrences.last())
    }

    pub(super) fn event(&self, page: &Page, event: &Event) -> EventView {
        let occurrences = event.occurrences();
        let single = Occurrence {
            original: event.when.start().date(),
            when: event.when.clone(),
            cancelled: event.status == Status::Cancelled,
            moved: false,
            note: None,
        };
        // A parsed event always has an occurrence; `single` keeps this total all the same.
        let featured = self.featured(occurrences).unwrap_or(&single);
        self.event_at(page, event, featured, occurrences)
    }

    fn event_at(
        &self,
        page: &Page,
        event: &Event,
        o: &Occurrence,
        all: &[Occurrence],
    ) -> EventView {
        let (start, end) = (o.when.start(), o.when.end());
        let host = event.host.as_ref().and_then(|(slug, _, _)| {
            self.site
                .pages
                .iter()
                .find(|p| matches!(p.kind, Kind::Person | Kind::Role) && p.slug() == slug)
                .map(|p| Link {
                    title: p.meta.title.clone(),
                    url: url(self.site, &p.path),
                })
        });
        let recurring = event.recurrence.is_some();
        let limit = self.site.config.upcoming_occurrences;
        let status = if o.cancelled {
            Status::Cancelled
        } else {
            event.status
        };
        let mut view = EventView {
            start: rfc3339(start),
            end: rfc3339(end),
            date: start.strftime("%A %-d %B %Y").to_string(),
            time: time_range(start, end),
            timezone: event.timezone_name.clone(),
            timezone_abbreviation: start.strftime("%Z").to_string(),
            format: event.format,
            location: event.location.clone(),
            online: event.online.clone(),
            registration: event.registration.clone(),
            status,
            host,
            upcoming: end.timestamp() > self.now,
            recurrence: event.recurrence.as_ref().map(|r| r.rule.describe()),
            occurrences: if recurring {
                all.iter()
                    .filter(|o| o.when.end().timestamp() > self.now)
                    .take(limit)
                    .map(|o| self.occurrence(o))
                    .collect()
            } else {
                Vec::new()
            },
            past_occurrences: if recurring {
                all.iter()
                    .rev()
                    .filter(|o| o.when.end().timestamp() <= self.now)
                    .take(24)
                    .map(|o| self.occurrence(o))
                    .collect()
            } else {
                Vec::new()
            },
            calendar_url: url(self.site, &format!("{}event.ics", page.path)),
            json_ld: String::new(),
            sort_key: start.timestamp(),
        };
        view.json_ld = self.json_ld(page, event, &view);
        view
    }

    fn json_ld(&self, page: &Page, event: &Event, view: &EventView) -> String {
        let config = &self.site.config;
        let mut places = Vec::new();
        if let Some(place) = &event.location {
            places.push(serde_json::json!({"@type": "Place", "name": place, "address": place}));
        }
        if let Some(online) = &event.online {
            places.push(serde_json::json!({"@type": "VirtualLocation", "url": online}));
        }
        let mode = match event.format {
            Some(Format::Online) => "OnlineEventAttendanceMode",
            Some(Format::InPerson) => "OfflineEventAttendanceMode",
            Some(Format::Hybrid) => "MixedEventAttendanceMode",
            None => "OfflineEventAttendanceMode",
        };
        let status = match view.status {
            Status::Scheduled => "EventScheduled",
            Status::Cancelled => "EventCancelled",
            Status::Postponed => "EventPostponed",
        };
        let mut value = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Event",
            "name": page.meta.title,
            "startDate": view.start,
            "endDate": view.end,
            "eventStatus": format!("https://schema.org/{status}"),
            "eventAttendanceMode": format!("https://schema.org/{mode}"),
            "organizer": {"@type": "Organization", "name": config.title},
        });
        if let Some(map) = value.as_object_mut() {
            if !places.is_empty() {
                map.insert(
                    "location".into(),
                    if places.len() == 1 {
                        places.remove(0)
                    } else {
                        places.into()
                    },
                );
            }
            if let Some(description) = &page.meta.description {
                map.insert("description".into(), description.clone().into());
            }
            if !config.base_url.origin.is_empty() {
                map.insert("url".into(), config.base_url.absolute(&page.path).into());
            }
        }
        script_safe_json(&value)
    }

    /// Listing items for events: every upcoming occurrence (at most `upcoming_occurrences` per
    /// cadence) soonest first; past single events and ended cadences latest first.
    pub(super) fn event_listing(
        &self,
        indices: &[usize],
    ) -> (Vec<PageView<'a>>, Vec<PageView<'a>>) {
        let mut upcoming = Vec::new();
        let mut past = Vec::new();
        for &i in indices {
            let page = &self.site.pages[i];
            let Data::Event(event) = &*page.data else {
                continue;
            };
            let occurrences = event.occurrences();
            let base = self.page(i);
            let next: Vec<&Occurrence> = occurrences
                .iter()
                .filter(|o| o.when.end().timestamp() > self.now)
                .take(if event.recurrence.is_some() {
                    self.site.config.upcoming_occurrences
                } else {
                    1
                })
                .collect();
            for o in &next {
                let mut item = base.clone();
                item.event = Some(self.event_at(page, event, o, occurrences));
                upcoming.push(item);
            }
            if next.is_empty()
                && let Some(last) = occurrences.last()
            {
                let mut item = base;
                item.event = Some(self.event_at(page, event, last, occurrences));
                past.push(item);
            }
        }
        let key = |p: &PageView| p.event.as_ref().map(|e| e.sort_key);
        upcoming.sort_by_key(key);
        past.sort_by_key(|p| std::cmp::Reverse(key(p)));
        (upcoming, past)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_for_scripts_cannot_close_the_element() {
        let value = serde_json::json!({"name": "</script><script>alert(1)</script> & <!--"});
        let text = script_safe_json(&value);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
