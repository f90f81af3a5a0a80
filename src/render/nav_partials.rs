//! Partials that read of the page only which navigation item holds it (`nav_here`) and
//! whether the page is that item (`nav_current`), besides site-wide values: a top menu. Each
//! is rendered once for each item of the navigation (and for none), current or not, instead
//! of once a page (the default theme's menu was a thirtieth of a build's instructions), and
//! each page is given the copy for its two values. As in `constant`, a conservative reading
//! decides, and a partial it does not understand renders on every page as before.

use super::constant::{binds_any, reading_only};
use std::collections::BTreeSet;

/// The page's values that such a partial may read.
const PAGE_NAMES: [&str; 2] = ["nav_here", "nav_current"];

/// The variable a replaced partial prints instead of its own text.
fn variable(k: usize) -> String {
    format!("handbook_nav_partial_{k}")
}

/// The replaced partials' outputs, by the page's `nav_here` and `nav_current`.
#[derive(Default)]
pub struct NavPartials {
    /// The variable of each replaced partial, in order.
    names: Vec<String>,
    /// By nav_here, then nav_current (false, true): each replaced partial's output, as its
    /// variable's value. Looked up by text on every page, so nothing is made to find it.
    outputs: ahash::AHashMap<String, [Vec<tera::Value>; 2]>,
}

impl NavPartials {
    /// Finds the theme's partials that read only site-wide values, `nav_here` and
    /// `nav_current` (and include only such partials or `constant` ones), renders each for
    /// every item of `nav_paths` and for none, current and not, and replaces its text with
    /// its variable. Nothing is replaced when any template binds one of those names itself,
    /// or one of the renders fails (each page then reports the error, as before).
    pub fn render_once(
        tera: &mut tera::Tera,
        texts: &[(&str, &str)],
        constant: &[String],
        nav_paths: &[&str],
    ) -> NavPartials {
        replace(tera, texts, constant, nav_paths)
    }

    /// Gives a page the copies of the replaced partials for its `nav_here` and
    /// `nav_current`. `Err` only for values no item has, which `Views::nav_here` never gives.
    pub fn insert(
        &self,
        context: &mut tera::Context,
        nav_here: &str,
        nav_current: bool,
    ) -> Result<(), String> {
        if self.outputs.is_empty() {
            return Ok(());
        }
        let values = (self.outputs.get(nav_here))
            .ok_or_else(|| format!("no menu was made for the navigation item `{nav_here}`"))?;
        for (name, value) in self.names.iter().zip(&values[usize::from(nav_current)]) {
            context.insert_value(name.clone(), value.clone());
        }
        Ok(())
    }

    /// How many partials were replaced.
    #[cfg(test)]
    pub fn count(&self) -> usize {
        self.names.len()
    }
}

/// `NavPartials::render_once` for templates given as (name, text).
fn replace(
    tera: &mut tera::Tera,
    texts: &[(&str, &str)],
    constant: &[String],
    nav_paths: &[&str],
) -> NavPartials {
    if texts.iter().any(|(_, text)| binds_any(text, &PAGE_NAMES)) {
        return NavPartials::default();
    }
    let partials = found(texts, constant);
    if partials.is_empty() {
        return NavPartials::default();
    }
    let mut heres: BTreeSet<&str> = nav_paths.iter().copied().collect();
    heres.insert("");
    let contexts: Vec<tera::Context> = (heres.iter())
        .flat_map(|&here| [(here, false), (here, true)])
        .map(|(here, current)| {
            let mut context = tera::Context::new();
            context.insert("nav_here", here);
            context.insert("nav_current", &current);
            context
        })
        .collect();
    // Each partial's output for every pair, in the order of `contexts`; one that cannot
    // render alone keeps its text, and each page then reports its error.
    let made: Vec<(&String, Vec<tera::Value>)> = (partials.iter())
        .filter_map(|name| {
            let outputs = (contexts.iter())
                .map(|context| tera.render(name, context).ok())
                .collect::<Option<Vec<String>>>()?;
            Some((
                name,
                outputs
                    .iter()
                    .map(|o| tera::Value::safe_string(o))
                    .collect(),
            ))
        })
        .collect();
    if made.is_empty() {
        return NavPartials::default();
    }
    let of_pair = |c: usize| made.iter().map(|(_, values)| values[c].clone()).collect();
    let outputs = (heres.iter().enumerate())
        .map(|(h, here)| (here.to_string(), [of_pair(2 * h), of_pair(2 * h + 1)]))
        .collect();
    let names: Vec<String> = (0..made.len()).map(variable).collect();
    let replaced = (made.iter().zip(&names))
        .map(|((partial, _), name)| (partial.as_str(), format!("{{{{ {name} | safe }}}}")));
    if tera.add_raw_templates(replaced).is_err() {
        return NavPartials::default();
    }
    NavPartials { names, outputs }
}

/// The partials of `texts` that read only site-wide values and `PAGE_NAMES` and include only
/// such partials or `constant` ones, and are not constant themselves; in name order.
fn found(texts: &[(&str, &str)], constant: &[String]) -> Vec<String> {
    let allowed = ["site", "theme", PAGE_NAMES[0], PAGE_NAMES[1]];
    let reads: Vec<(&str, Vec<String>)> = (texts.iter())
        .filter(|(name, _)| name.starts_with("partials/") && !constant.iter().any(|c| c == name))
        .filter_map(|&(name, text)| Some((name, reading_only(text, &allowed)?)))
        .collect();
    let mut chosen: BTreeSet<&str> = BTreeSet::new();
    loop {
        let before = chosen.len();
        for (name, includes) in &reads {
            let known = |i: &String| chosen.contains(i.as_str()) || constant.contains(i);
            if includes.iter().all(known) {
                chosen.insert(name);
            }
        }
        if chosen.len() == before {
            break;
        }
    }
    chosen.into_iter().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MENU: &str = r#"{% set here = nav_here %}<ul>{% for item in site.nav %}<li{% if item.path == here %}{% if nav_current %} aria-current="page"{% else %} class="active"{% endif %}{% endif %}>{{ item.title }}</li>{% endfor %}</ul>"#;

    fn tera(templates: &[(&str, &str)]) -> tera::Tera {
        let mut tera = tera::Tera::new();
        tera.add_raw_templates(templates.iter().copied()).unwrap();
        tera.global_context().insert(
            "site",
            &serde_json::json!({"nav": [
                {"path": "", "title": "Home"},
                {"path": "roles/", "title": "Roles & people"},
                {"path": "events/", "title": "Events"},
            ]}),
        );
        tera
    }

    fn page(nav_here: &str, nav_current: bool) -> tera::Context {
        let mut context = tera::Context::new();
        context.insert("nav_here", nav_here);
        context.insert("nav_current", &nav_current);
        context.insert("page", &serde_json::json!({"title": "P"}));
        context
    }

    /// The same page, menu and all, whether the menu was replaced or not, for every item,
    /// none, current or not; a partial that reads the page is left alone.
    #[test]
    fn a_menu_made_once_per_item_gives_every_page_the_same_text() {
        let templates = [
            ("partials/menu.html", MENU),
            ("partials/title.html", "<h1>{{ page.title }}</h1>"),
            (
                "page.html",
                r#"{% include "partials/menu.html" %}{% include "partials/title.html" %}"#,
            ),
        ];
        let plain = tera(&templates);
        let mut fast = tera(&templates);
        let nav = replace(&mut fast, &templates, &[], &["", "roles/", "events/"]);
        assert_eq!(nav.count(), 1, "the menu only");
        for (here, current) in [("", true), ("roles/", true), ("roles/", false), ("", false)] {
            let mut context = page(here, current);
            let expected = plain.render("page.html", &context).unwrap();
            nav.insert(&mut context, here, current).unwrap();
            assert_eq!(fast.render("page.html", &context).unwrap(), expected);
            assert!(expected.contains("<h1>P</h1>") && expected.contains("Roles &amp; people"));
        }
        assert!(nav.insert(&mut page("x/", false), "x/", false).is_err());
    }

    #[test]
    fn a_theme_that_binds_the_names_itself_or_reads_more_keeps_its_partials() {
        let binds = [
            ("partials/menu.html", MENU),
            (
                "page.html",
                r#"{% set nav_here = "roles/" %}{% include "partials/menu.html" %}"#,
            ),
        ];
        assert_eq!(
            replace(&mut tera(&binds), &binds, &[], &["roles/"]).count(),
            0
        );
        let looped = [
            ("partials/menu.html", MENU),
            (
                "page.html",
                r#"{% for nav_current in [true] %}{% include "partials/menu.html" %}{% endfor %}"#,
            ),
        ];
        assert_eq!(
            replace(&mut tera(&looped), &looped, &[], &["roles/"]).count(),
            0
        );
        let reads_path = MENU.replace("nav_current", "current_path == here");
        let more = [("partials/menu.html", reads_path.as_str())];
        assert_eq!(
            replace(&mut tera(&more), &more, &[], &["roles/"]).count(),
            0
        );
    }

    #[test]
    fn the_default_themes_menu_is_made_once_per_item() {
        let (theme, mut tera) = crate::render::templates::default_theme(serde_json::json!({
            "title": "T", "base_path": "/", "nav": [{"path": "a/", "title": "A", "url": "/a/"}]
        }));
        let texts = crate::render::constant::texts(&theme);
        let constant = crate::render::constant::render_once(&mut tera, &texts);
        let nav = NavPartials::render_once(&mut tera, &texts, &constant, &["a/"]);
        assert_eq!(nav.count(), 1, "partials/nav.html");
        let mut context = tera::Context::new();
        nav.insert(&mut context, "a/", true).unwrap();
        let menu = tera.render("partials/nav.html", &context).unwrap();
        assert!(
            menu.contains(r#"<a href="/a/" aria-current="page">A</a>"#),
            "{menu}"
        );
    }
}
