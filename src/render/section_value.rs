//! The `section` value each page of a section is given: made once per section, links and
//! all, and kept by a rebuild while nothing its view shows changed. `section_menu` renders
//! its links.

use crate::base::key::{Key, key_of_bytes};
use crate::model::{Section, Site};
use crate::view::Views;
use crate::view::contract::{NAV_ALL, SectionView};
use rayon::prelude::*;
use std::sync::Arc;

/// Each section's key and its value. A one-off build makes every value and no key. A
/// rebuild keys each section by what its view is made from, without making the view, and
/// takes an unchanged section's value from `previous` (making, keying and converting every
/// section's view was a tenth of a preview's rebuild at 10,000 pages).
pub fn values<'a>(
    site: &'a Site,
    views: &Views<'a>,
    previous: &ahash::AHashMap<Key, Arc<SectionValue>>,
    keyed: bool,
) -> (Vec<Key>, Vec<Arc<SectionValue>>) {
    // A section's view (its pages as links) is made once and shared by its pages: with
    // hundreds of pages in a section, a copy per page would make the build grow with the
    // square of the section's size.
    (site.sections.par_iter())
        .map(|section| {
            let make = || {
                Arc::new(SectionValue::of(
                    views.section(section),
                    section.pages.len() > NAV_ALL,
                ))
            };
            if !keyed {
                return (0, make());
            }
            let key = input_key(site, section);
            let value = previous.get(&key).cloned().unwrap_or_else(make);
            (key, value)
        })
        .unzip()
}

/// The key of everything a section's view (`Views::section_around`) is made from: the
/// site's base path, the section's title, path and folder, each of its pages' title and
/// path in order, and each subsection's title and path.
fn input_key(site: &Site, section: &Section) -> Key {
    let counts = [section.pages.len() as u64, section.subsections.len() as u64];
    let counts: Vec<u8> = counts.iter().flat_map(|n| n.to_le_bytes()).collect();
    let head = [
        counts.as_slice(),
        site.config.base_url.path.as_bytes(),
        section.title.as_bytes(),
        section.path.as_bytes(),
        section.dir.as_bytes(),
    ];
    let pages = section.pages.iter().flat_map(|&i| {
        let page = &site.pages[i];
        [page.meta.title.as_bytes(), page.path.as_bytes()]
    });
    let subsections = section.subsections.iter().flat_map(|&s| {
        let sub = &site.sections[s];
        [sub.title.as_bytes(), sub.path.as_bytes()]
    });
    key_of_bytes(head.into_iter().chain(pages).chain(subsections))
}

/// A section's `section` value: the same for every page of a section listed whole; in a
/// larger one, its fields and each page's link made once, and each page's window of links
/// put together from them (serialising 21 links on every page of such a section was a
/// twentieth of a build of events).
#[derive(Debug)]
pub enum SectionValue {
    Whole(tera::Value),
    Windowed {
        /// The view's fields with no links.
        fields: tera::Map,
        /// Each page of the section as a link, in its order.
        links: Vec<tera::Value>,
    },
}

impl SectionValue {
    pub fn of(mut view: SectionView, windowed: bool) -> SectionValue {
        if !windowed {
            return SectionValue::Whole(tera::Value::from_serializable(&view));
        }
        let links = std::mem::take(&mut view.links)
            .iter()
            .map(tera::Value::from_serializable)
            .collect();
        let fields = (tera::Value::from_serializable(&view).into_map()).unwrap_or_default();
        SectionValue::Windowed { fields, links }
    }

    /// Each page of the section as a link, in the section's order, as the value holds them.
    pub fn links(&self) -> &[tera::Value] {
        match self {
            SectionValue::Whole(value) => value
                .get_from_path("links")
                .and_then(tera::Value::as_array)
                .unwrap_or_default(),
            SectionValue::Windowed { links, .. } => links,
        }
    }

    /// The value for page `page` of section `section`: the links around it in a large
    /// section, as `Views::section_around` gives them.
    pub fn around(&self, site: &Site, section: usize, page: usize) -> tera::Value {
        match self {
            SectionValue::Whole(value) => value.clone(),
            SectionValue::Windowed { fields, links } => {
                let at = site.places[page].1;
                let shown = crate::view::shown_around(&site.sections[section], at);
                let mut map = fields.clone();
                map.insert("links".into(), tera::Value::from(links[shown].to_vec()));
                tera::Value::from(map)
            }
        }
    }
}
