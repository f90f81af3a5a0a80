//! The site's face when it has not given one: a favicon of its initials on its accent colour
//! (`favicon.svg`) and a social preview card with its title (`social.svg`, 1200×630), both
//! written as SVG text, so no image library or browser is needed and the same title always
//! gives the same bytes. A group's own `static/favicon.svg` or `static/social.svg` wins.

use crate::base::escape::xml as escape;
use crate::base::text::initials;
use crate::model::Site;

use crate::view::contract::{FAVICON, SOCIAL_CARD};

/// Used when the theme has no `accent_color` option: the default theme's blue.
const ACCENT: &str = "#0b57a4";

/// The generated files, by output path.
pub fn files(site: &Site, accent: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let accent = accent.filter(|c| is_colour(c)).unwrap_or(ACCENT);
    let title = &site.config.title;
    vec![
        (FAVICON.to_string(), favicon(title, accent).into_bytes()),
        (
            SOCIAL_CARD.to_string(),
            social(title, site.config.description.as_deref(), accent).into_bytes(),
        ),
    ]
}

/// `#rgb` or `#rrggbb`: a theme's colour option is checked, but this goes into an attribute.
fn is_colour(text: &str) -> bool {
    text.strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

fn favicon(title: &str, accent: &str) -> String {
    let initials = initials(title);
    let letters = escape(&initials);
    let size = if initials.chars().count() > 1 { 30 } else { 38 };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\">\
<rect width=\"64\" height=\"64\" rx=\"14\" fill=\"{accent}\"/>\
<text x=\"32\" y=\"33\" fill=\"#fff\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif\" \
font-size=\"{size}\" font-weight=\"700\" text-anchor=\"middle\" dominant-baseline=\"central\">{letters}</text></svg>\n"
    )
}

/// Breaks `text` into at most `lines` lines of about `width` characters, at spaces; the
/// last line ends with "…" when text is left over.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            if out.len() + 1 == lines {
                out.push(format!("{line}…"));
                return out;
            }
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        if words.peek().is_none() {
            out.push(std::mem::take(&mut line));
        }
    }
    out
}

fn social(title: &str, description: Option<&str>, accent: &str) -> String {
    let font = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\" viewBox=\"0 0 1200 630\">\n\
<rect width=\"1200\" height=\"630\" fill=\"#ffffff\"/>\n<rect width=\"1200\" height=\"24\" fill=\"{accent}\"/>\n\
<rect x=\"80\" y=\"96\" width=\"112\" height=\"112\" rx=\"24\" fill=\"{accent}\"/>\n\
<text x=\"136\" y=\"154\" fill=\"#fff\" font-family=\"{font}\" font-size=\"52\" font-weight=\"700\" text-anchor=\"middle\" dominant-baseline=\"central\">{}</text>\n",
        escape(&initials(title))
    );
    let mut y = 320;
    for line in wrap(title, 26, 3) {
        svg.push_str(&format!(
            "<text x=\"80\" y=\"{y}\" fill=\"#1b1d20\" font-family=\"{font}\" font-size=\"72\" font-weight=\"700\">{}</text>\n",
            escape(&line)
        ));
        y += 86;
    }
    for line in wrap(description.unwrap_or(""), 52, 2) {
        svg.push_str(&format!(
            "<text x=\"80\" y=\"{}\" fill=\"#4f5660\" font-family=\"{font}\" font-size=\"34\">{}</text>\n",
            y + 10,
            escape(&line)
        ));
        y += 46;
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_escaped_and_wrapped_and_a_bad_colour_is_not_written() {
        let svg = social(
            "Tom & Jerry's <script> group for people who meet every week",
            None,
            "#0b57a4",
        );
        assert!(svg.contains("Tom &amp; Jerry"), "{svg}");
        assert!(!svg.contains("<script>"));
        assert!(svg.matches("font-size=\"72\"").count() >= 2);
        assert!(!is_colour("red\" onload=\"x"));
        assert!(is_colour("#0d6b6b") && is_colour("#fff"));
        assert_eq!(wrap("a b c", 3, 1), ["a b…"]);
        assert_eq!(wrap("one two", 20, 2), ["one two"]);
    }
}
