//! Members-only pages: which files `visibility: internal` covers (a page's own, and every
//! file below a folder whose `_index.md` says it), so that a public build leaves them out
//! whole and every later stage, built from the site alone, never sees them. In a handbook
//! of several languages this goes by place (`Parsed::place`): a page marked internal in
//! any language is internal in all, so a translation that forgot the mark leaks nothing.

use super::parsed::{Parsed, Visibility, is_folder_page};
use crate::source::config::Audience;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What `visibility: internal` covers in this site, whichever audience it is built for.
#[derive(Debug, Clone, Default)]
pub struct Internal {
    /// Folders (places) whose own page is internal (`` for the whole site).
    dirs: Vec<String>,
    /// Pages (places) internal by their own front matter.
    rels: BTreeSet<String>,
}

impl Internal {
    pub fn of(parsed: &[Arc<Parsed>]) -> Internal {
        let mut internal = Internal::default();
        for p in parsed {
            if p.meta.visibility != Visibility::Internal {
                continue;
            }
            let rel = &p.place;
            let file = rel.rsplit('/').next().unwrap_or(rel);
            if is_folder_page(file) {
                // The folder the page is the page of (`` for the site's own).
                let dir = rel.rfind('/').map_or("", |i| &rel[..i]);
                internal.dirs.push(dir.to_string());
            }
            internal.rels.insert(rel.clone());
        }
        internal.dirs.sort();
        internal
    }

    /// Whether the file at place `rel` (a page or any other file; its path below
    /// `content/` in a handbook of one language) is for members only.
    pub fn covers(&self, rel: &str) -> bool {
        self.rels.contains(rel)
            || self.dirs.iter().any(|dir| {
                dir.is_empty()
                    || rel
                        .strip_prefix(dir.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
    }

    pub fn is_empty(&self) -> bool {
        self.rels.is_empty() && self.dirs.is_empty()
    }

    /// The key of what is covered, for caches of work that depends on it (link checks).
    pub fn key_parts(&self) -> impl Iterator<Item = &[u8]> {
        (self.dirs.iter().chain(self.rels.iter())).map(String::as_bytes)
    }
}

/// What a build for `audience` leaves out of the site: nothing for members, what
/// `internal` covers for the public.
pub fn left_out(audience: Audience, internal: &Internal, rel: &str) -> bool {
    audience == Audience::Public && internal.covers(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(dirs: &[&str], rels: &[&str]) -> Internal {
        Internal {
            dirs: dirs.iter().map(|d| d.to_string()).collect(),
            rels: rels.iter().map(|r| r.to_string()).collect(),
        }
    }

    #[test]
    fn a_folder_covers_what_is_below_it_and_nothing_that_only_starts_alike() {
        let i = internal(&["notes"], &["budget.md"]);
        assert!(i.covers("notes/_index.md"));
        assert!(i.covers("notes/2026/incident.md"));
        assert!(i.covers("notes/minutes.pdf"));
        assert!(i.covers("budget.md"));
        assert!(!i.covers("notes-public.md"), "a name that starts alike");
        assert!(!i.covers("notes.md"));
        assert!(!i.covers("other/budget.md"));
    }

    #[test]
    fn the_members_build_leaves_nothing_out() {
        let i = internal(&[], &["budget.md"]);
        assert!(left_out(Audience::Public, &i, "budget.md"));
        assert!(!left_out(Audience::Internal, &i, "budget.md"));
        assert!(!left_out(Audience::Public, &i, "purpose.md"));
    }

    #[test]
    fn an_internal_home_page_covers_the_whole_site() {
        let i = internal(&[""], &["_index.md"]);
        assert!(i.covers("purpose.md"));
        assert!(i.covers("roles/lead.md"));
    }
}
