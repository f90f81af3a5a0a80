//! A section's menu (`section_menu`): each page of the section as a link, made by the theme's
//! `partials/section-link.html` once per link, plainly and as the current page, instead of
//! once per link on every page of the section (a sidebar's loop was an eighth of a build).

use super::section_value::SectionValue;
use crate::base::error::Diagnostic;
use crate::model::Site;
use std::sync::{Arc, OnceLock};

/// The partial that makes one link of a section's menu; a theme without it has no
/// `section_menu`.
pub const PARTIAL: &str = "partials/section-link.html";

/// One link of a menu: as on other pages, and on its own page.
type Piece = (String, String);

/// The links of each section, made when a page of the section first asks for them, so that
/// a preview's rebuild of one page renders one section's links, not the whole site's.
pub struct Menus {
    /// Per section; none at all when the theme has no `PARTIAL`.
    sections: Vec<OnceLock<Result<Vec<Piece>, Vec<Diagnostic>>>>,
}

impl Menus {
    pub fn new(site: &Site, tera: &tera::Tera) -> Menus {
        let has_partial = tera.contains_template(PARTIAL);
        Menus {
            sections: if has_partial {
                (0..site.sections.len()).map(|_| OnceLock::new()).collect()
            } else {
                Vec::new()
            },
        }
    }

    /// The menu of the section that holds page `page`: its shown links' HTML in order, the
    /// page's own made as the current one. `None` when the theme has no `PARTIAL` or the
    /// page is in no section. `values` are the sections' values, whose links the partial
    /// is given.
    pub fn of_page(
        &self,
        site: &Site,
        page: usize,
        values: &[Arc<SectionValue>],
        render: &dyn Fn(&tera::Context) -> Result<String, Vec<Diagnostic>>,
    ) -> Option<Result<String, Vec<Diagnostic>>> {
        let s = site.section_index(page)?;
        let cell = self.sections.get(s)?;
        let section = &site.sections[s];
        let links = values.get(s)?.links();
        let pieces = match cell.get_or_init(|| pieces(links, render)) {
            Ok(pieces) => pieces,
            Err(diagnostics) => return Some(Err(diagnostics.clone())),
        };
        // The page's place among its section's pages, worked out once when the site was.
        let at = site.places[page].1;
        let shown = crate::view::shown_around(section, at);
        let mut menu = String::with_capacity(pieces[shown.clone()].iter().map(|p| p.0.len()).sum());
        for k in shown {
            let (plain, current) = &pieces[k];
            menu.push_str(if Some(k) == at { current } else { plain });
        }
        Some(Ok(menu))
    }
}

/// `PARTIAL` rendered with `context` (a link and whether it is current), for the page
/// `source`, within the page's budget: an error names the partial and the page.
pub fn render_link(
    tera: &tera::Tera,
    theme: &crate::theme::Theme,
    budget: crate::source::settings::Budget,
    context: &tera::Context,
    source: &str,
) -> Result<String, Vec<Diagnostic>> {
    use super::templates::{over_budget, render_in_budget, template_error};
    let page = (!source.is_empty()).then_some(source);
    // A link is a line: the pages' 16 KB to start with would be kept by every piece.
    render_in_budget(tera, PARTIAL, context, budget, 256).map_err(|failure| match failure {
        Err(e) => template_error(&e, theme, page),
        Ok(over) => vec![over_budget(over, PARTIAL, theme, page, "")],
    })
}

/// Each of a section's `links` (each of its pages, in order) rendered by `PARTIAL` as a
/// plain link and as the current one.
fn pieces(
    links: &[tera::Value],
    render: &dyn Fn(&tera::Context) -> Result<String, Vec<Diagnostic>>,
) -> Result<Vec<Piece>, Vec<Diagnostic>> {
    links
        .iter()
        .map(|link| {
            let mut context = tera::Context::new();
            // The section value's own link, shared: not made and serialised again.
            context.insert_value("link", link.clone());
            context.insert("current", &false);
            let plain = render(&context)?;
            context.insert("current", &true);
            Ok((plain, render(&context)?))
        })
        .collect()
}
