//! Events as templates see them: each occurrence with its date and time in the event's zone,
//! the cadence in words, calendar links, and schema.org JSON-LD.

use super::contract::{EventView, Link, OccurrenceView, url};
use crate::base::escape::script_json;
use crate::model::event::{Event, Format, Occurrence, Status};
use crate::model::{Page, Site};
use jiff::ZonedDateTime;

fn rfc3339(z: &ZonedDateTime) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// "19:00–20:30", or with the end's date in the site's language when it ends another day.
fn time_range(start: &ZonedDateTime, end: &ZonedDateTime, language: &str) -> String {
    if start.date() == end.date() {
        format!("{}–{}", start.strftime("%H:%M"), end.strftime("%H:%M"))
    } else {
        format!(
            "{} – {} {}",
            start.strftime("%H:%M"),
            super::dates::long(end.date(), language),
            end.strftime("%H:%M")
        )
    }
}

/// Builds the view of events for one render: the site and the moment that splits upcoming
/// from past.
pub(super) struct Events<'a> {
    pub site: &'a Site,
    pub now: jiff::Timestamp,
}

impl<'a> Events<'a> {
    fn occurrence(&self, o: &Occurrence) -> OccurrenceView {
        let (start, end) = (o.when.start(), o.when.end());
        OccurrenceView {
            start: rfc3339(start),
            end: rfc3339(end),
            date: super::dates::long(start.date(), &self.site.config.language),
            time: time_range(start, end, &self.site.config.language),
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

    pub fn event(&self, page: &Page, event: &Event) -> EventView {
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

    pub fn event_at(
        &self,
        page: &Page,
        event: &Event,
        o: &Occurrence,
        all: &[Occurrence],
    ) -> EventView {
        let (start, end) = (o.when.start(), o.when.end());
        let host = event.host.as_ref().and_then(|(slug, _, _)| {
            let p = self.site.host_by_slug(slug)?;
            Some(Link {
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
        EventView {
            start: rfc3339(start),
            end: rfc3339(end),
            date: super::dates::long(start.date(), &self.site.config.language),
            time: time_range(start, end, &self.site.config.language),
            timezone: event.timezone_name.clone(),
            timezone_abbreviation: start.strftime("%Z").to_string(),
            format: event.format,
            location: event.location.clone(),
            online: event.online.clone(),
            registration: event.registration.clone(),
            status,
            host,
            upcoming: end.timestamp() > self.now,
            recurrence: event
                .recurrence
                .as_ref()
                .map(|r| super::cadence::describe(&r.rule, &self.site.config.language)),
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
        }
    }

    /// The event as schema.org JSON for a script element: made for the event's own page
    /// only (`Views::context_without_body`), as lists and the printed handbook never show
    /// it and most views of events are theirs.
    pub fn json_ld(&self, page: &Page, event: &Event, view: &EventView) -> String {
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
        script_json(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_for_scripts_cannot_close_the_element() {
        let value = serde_json::json!({"name": "</script><script>alert(1)</script> & <!--"});
        let text = script_json(&value);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
