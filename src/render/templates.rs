//! The theme's templates as Tera sees them: parsed once, rendered within a page's budget,
//! and their errors turned into diagnostics at the template's file, line and column.

use super::files::ParsedTemplates;
use crate::base::error::Diagnostic;
use crate::base::key::key_of;
use crate::model::Site;
use crate::theme::Theme;
use std::path::PathBuf;

/// The templates for a render: in a rebuild (`keyed`), the last ones when nothing they are
/// made from changed, and the parse to keep when it did (`Some`); in a one-off build,
/// parsed, with nothing to keep.
pub(super) fn parsed(
    theme: &Theme,
    language: &str,
    named: &[&str],
    previous: Option<&ParsedTemplates>,
    keyed: bool,
) -> Result<(tera::Tera, Option<ParsedTemplates>), Vec<Diagnostic>> {
    if !keyed {
        return Ok((templates(theme, language, named)?, None));
    }
    let words = crate::theme::words::for_language(&theme.words, language);
    let key = key_of(&(
        language,
        named,
        super::keys::template_sources(theme),
        &words,
    ));
    match previous {
        Some(last) if last.key == key => Ok((last.tera.clone(), None)),
        _ => {
            let tera = templates(theme, language, named)?;
            Ok((tera.clone(), Some(ParsedTemplates { key, tera })))
        }
    }
}

/// Parses every template once. Tera 2 has no function that reads files or the environment,
/// so templates see only what `view` gives them. `named` are the templates pages ask for by
/// name (`template:` in front matter).
pub fn templates(
    theme: &Theme,
    language: &str,
    named: &[&str],
) -> Result<tera::Tera, Vec<Diagnostic>> {
    // The theme's own words in the site's language (see `theme::words`): put into the
    // templates' text where they can be, and `t(key="...")` for the rest.
    let words = crate::theme::words::for_language(&theme.words, language);
    let mut sources = Vec::new();
    let mut diagnostics = Vec::new();
    let texts: Vec<&[u8]> = theme
        .templates
        .values()
        .map(|f| f.bytes.as_slice())
        .collect();
    for (name, file) in &theme.templates {
        if is_unused_alias(theme, name, &texts, named) {
            continue;
        }
        match std::str::from_utf8(&file.bytes) {
            Ok(text) => sources.push((
                name.clone(),
                super::constant::inline_words(name, text, &words).into_owned(),
            )),
            Err(_) => diagnostics.push(Diagnostic::error(
                file.origin.display(),
                "the template is not valid UTF-8",
            )),
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let mut tera = tera::Tera::new();
    // `t(key="...")`: the words not put into the text above.
    tera.register_function(
        "t",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let key = kwargs.must_get::<&str>("key")?;
            words.get(key).cloned().ok_or_else(|| {
                tera::Error::message(format!(
                    "the theme has no text for `{key}`: add `{key}: \"...\"` to the theme's i18n/en.yaml"
                ))
            })
        },
    );
    // `range` with the page's budget, so nested loops over big ranges end in an error.
    tera.register_function("range", crate::render::budget::range);
    // JSON for scripts (`<script type="application/json">{{ x | json_encode | safe }}`): `<`,
    // `>` and `&` are escaped, so no value can end the script element.
    tera.register_filter(
        "json_encode",
        |value: tera::Value, _: tera::Kwargs, _: &tera::State| {
            let json = serde_json::to_value(&value).unwrap_or(serde_json::Value::Null);
            crate::base::escape::script_json(&json)
        },
    );
    tera.add_raw_templates(sources)
        .map_err(|e| template_error(&e, theme, None))?;
    Ok(tera)
}

/// Each template is also reachable as `NAME/path` (the theme that holds it), for a template
/// that extends its parent's version of itself. Parsing them all twice was a fifth of a
/// small build's time; an alias no template text and no page names is left out.
fn is_unused_alias(theme: &Theme, name: &str, texts: &[&[u8]], named: &[&str]) -> bool {
    let is_alias = theme.chain.iter().any(|layer| {
        name.strip_prefix(layer.name.as_str())
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|rest| theme.templates.contains_key(rest))
    });
    is_alias
        && !named.contains(&name)
        && !texts
            .iter()
            .any(|text| memchr::memmem::find(text, name.as_bytes()).is_some())
}

/// Renders a page within its budget, into a buffer of `capacity` bytes to start with. On
/// failure, `Ok` says which limit was passed (the template itself was fine), `Err` is the
/// template's own error.
pub(super) fn render_in_budget(
    tera: &tera::Tera,
    template: &str,
    context: &tera::Context,
    budget: crate::source::settings::Budget,
    capacity: usize,
) -> Result<String, Result<crate::render::budget::Exceeded, tera::Error>> {
    let bytes = render_bytes_in_budget(tera, template, context, budget, capacity)?;
    // Tera writes what templates and our filters give it: UTF-8 text.
    String::from_utf8(bytes).map_err(|e| Err(tera::Error::message(e.to_string())))
}

/// `render_in_budget`, the output as Tera wrote it: a page written to a file as it is need
/// not be read through again to prove that it is text (1% of a build's instructions).
pub(super) fn render_bytes_in_budget(
    tera: &tera::Tera,
    template: &str,
    context: &tera::Context,
    budget: crate::source::settings::Budget,
    capacity: usize,
) -> Result<Vec<u8>, Result<crate::render::budget::Exceeded, tera::Error>> {
    let mut writer = crate::render::budget::Writer::start(budget, capacity);
    let rendered = tera.render_to(template, context, &mut writer);
    let over = writer.finish();
    match (rendered, over) {
        (_, Some(over)) => Err(Ok(over)),
        (Err(e), None) => Err(Err(e)),
        (Ok(()), None) => Ok(writer.bytes),
    }
}

/// The error for a page that went over its budget: at the template, naming the page.
pub(super) fn over_budget(
    over: crate::render::budget::Exceeded,
    template: &str,
    theme: &Theme,
    page: Option<&str>,
    output: &str,
) -> Diagnostic {
    let origin = theme
        .templates
        .get(template)
        .map(|f| f.origin.display())
        .unwrap_or_else(|| PathBuf::from(template));
    let page = page.map_or_else(|| format!("the output file {output}"), |p| p.to_string());
    Diagnostic::error(
        origin,
        format!("{} (while rendering {page})", over.message()),
    )
    .hint(over.hint())
}

/// A Tera error as diagnostics at the template's file, line and column. Tera reports some
/// problems (unknown filters, found when templates are checked together) as one text with
/// several `--> name:line:col` reports; each becomes its own diagnostic.
pub(super) fn template_error(
    err: &tera::Error,
    theme: &Theme,
    page: Option<&str>,
) -> Vec<Diagnostic> {
    let origin = |name: &str| {
        theme
            .templates
            .get(name)
            .map(|f| f.origin.display())
            .unwrap_or_else(|| PathBuf::from(name))
    };
    let mut found: Vec<(PathBuf, usize, usize, String)> = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => vec![(
            origin(r.filename()),
            r.span().start_line,
            r.span().start_col + 1,
            r.message().to_string(),
        )],
        _ => parse_reports(&err.to_string(), &origin),
    };
    if found.is_empty()
        && let Some(d) = missing_parent(&err.to_string(), theme)
    {
        return vec![d];
    }
    if found.is_empty() {
        found.push((PathBuf::from("templates"), 0, 0, err.to_string()));
    }
    let mut causes = String::new();
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        causes.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    found
        .into_iter()
        .map(|(path, line, column, message)| {
            let d = Diagnostic::error(path, format!("{message}{causes}")).at(line, column);
            match page {
                Some(page) => d.hint(format!("while rendering the page from {page}")),
                None => d,
            }
        })
        .collect()
}

/// Tera's "Template 'a' is inheriting from 'b', which doesn't exist" at the `extends` line of
/// the template's own file, in words a theme author can act on.
fn missing_parent(message: &str, theme: &Theme) -> Option<Diagnostic> {
    let rest = message.split("Template '").nth(1)?;
    let (name, rest) = rest.split_once("' is inheriting from '")?;
    let (parent, _) = rest.split_once('\'')?;
    let file = theme.templates.get(name)?;
    let text = String::from_utf8_lossy(&file.bytes);
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("extends").map(|c| (i + 1, c + 1)))
        .unwrap_or((1, 1));
    Some(
        Diagnostic::error(
            file.origin.display(),
            format!("`{name}` extends `{parent}`, which is not a template of the theme chain"),
        )
        .at(line, column)
        .hint("extend a template by its name, such as {% extends \"base.html\" %}; a theme reaches only the templates of its chain, never files outside it"),
    )
}

/// Reads `error: MESSAGE` / ` --> NAME:LINE:COL` pairs out of Tera's report text.
fn parse_reports(
    text: &str,
    origin: &dyn Fn(&str) -> PathBuf,
) -> Vec<(PathBuf, usize, usize, String)> {
    let mut found = Vec::new();
    let mut message = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(m) = trimmed.strip_prefix("error: ") {
            message = Some(m.trim_start_matches("error: ").to_string());
        } else if let Some(place) = trimmed.strip_prefix("--> ") {
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok());
            let line_no = parts.next().and_then(|l| l.parse().ok());
            if let (Some(column), Some(line_no), Some(name), Some(m)) =
                (column, line_no, parts.next(), message.take())
            {
                found.push((origin(name), line_no, column, m));
            }
        }
    }
    found
}

/// A theme chain must provide every template of the contract.
pub fn missing_templates(theme: &Theme) -> Option<Diagnostic> {
    let missing = theme.missing_templates();
    (!missing.is_empty()).then(|| {
        Diagnostic::error(
            format!("theme `{}`", theme.name),
            format!(
                "the theme has no {}",
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .hint("add the templates, or `extends: default` in theme.yaml to inherit them")
    })
}

/// A page's `template:` must name a template of the theme, and may not climb out of it.
pub(super) fn check_template_names(site: &Site, tera: &tera::Tera) -> Result<(), Vec<Diagnostic>> {
    let known: Vec<&str> = tera
        .get_template_names()
        .filter(|n| !n.starts_with("partials/"))
        .collect();
    let mut diagnostics = Vec::new();
    for page in &site.pages {
        let Some((name, line, column)) = &page.meta.template else {
            continue;
        };
        if tera.contains_template(name) && !name.contains("..") {
            continue;
        }
        let mut sorted = known.clone();
        sorted.sort();
        let d = Diagnostic::error(&page.source, format!("the theme has no template `{name}`"))
            .at(*line, *column)
            .field("template");
        diagnostics.push(match crate::base::error::suggest(name, &sorted) {
            Some(near) => d.hint(format!("did you mean `{near}`?")),
            None => d.hint(format!("templates: {}", sorted.join(", "))),
        });
    }
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(diagnostics)
    }
}

/// A broken base template fails every page the same way: said once, keeping the report
/// that names a page (generated pages such as 404.html have none to name).
pub(super) fn said_once(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by_key(|d| d.hint.is_none());
    let mut seen = std::collections::BTreeSet::new();
    diagnostics.retain(|d| seen.insert((d.path.clone(), d.line, d.column, d.message.clone())));
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    diagnostics
}

/// The default theme's templates, parsed, with `site` and the theme's own values as their
/// global context: for tests of what is rendered once.
#[cfg(test)]
pub(super) fn default_theme(site: serde_json::Value) -> (crate::theme::Theme, tera::Tera) {
    let dir = tempfile::tempdir().unwrap();
    let config = crate::source::config::Config::parse("title: T\n", None).unwrap();
    let theme = crate::theme::load(dir.path(), &config).unwrap();
    let mut tera = templates(&theme, "en", &[]).unwrap();
    tera.global_context().insert("site", &site);
    tera.global_context().insert("theme", &theme.context());
    (theme, tera)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rebuild parses the templates again only when what they are made from changed: a
    /// template's text, the templates pages ask for, or the language.
    #[test]
    fn templates_are_parsed_again_only_when_their_sources_change() {
        let dir = tempfile::tempdir().unwrap();
        let config = crate::source::config::Config::parse("title: T\n", None).unwrap();
        let mut theme = crate::theme::load(dir.path(), &config).unwrap();
        let (_, first) = parsed(&theme, "en", &[], None, true).unwrap();
        let first = first.expect("a first rebuild parses");
        assert!(
            parsed(&theme, "en", &[], Some(&first), true)
                .unwrap()
                .1
                .is_none()
        );
        assert!(
            parsed(&theme, "de", &[], Some(&first), true)
                .unwrap()
                .1
                .is_some()
        );
        assert!(
            parsed(&theme, "en", &["page.html"], Some(&first), true)
                .unwrap()
                .1
                .is_some()
        );
        let base = theme.templates.get_mut("base.html").unwrap();
        base.bytes.extend_from_slice(b"<!-- edited -->");
        let (_, again) = parsed(&theme, "en", &[], Some(&first), true).unwrap();
        assert!(again.is_some_and(|again| again.key != first.key));
        // A one-off build keeps nothing.
        assert!(parsed(&theme, "en", &[], None, false).unwrap().1.is_none());
    }
}
