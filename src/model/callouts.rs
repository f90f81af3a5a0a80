//! Callouts from GitHub's alert syntax (`> [!NOTE]`, `> [!WARNING]`): a box with its kind's
//! word as a title, in the page's language. The words live here, not in the theme, because
//! a body's HTML is made (and cached) before a theme is chosen; a theme styles the box by
//! its classes (`callout callout-note`).

use pulldown_cmark::BlockQuoteKind;

/// Note, tip, important, warning, caution: GitHub's five kinds, in its order.
type Words = [&'static str; 5];

fn words(language: &str) -> &'static Words {
    match language.split('-').next().unwrap_or(language) {
        "de" => &["Hinweis", "Tipp", "Wichtig", "Warnung", "Vorsicht"],
        "fr" => &[
            "Remarque",
            "Astuce",
            "Important",
            "Avertissement",
            "Attention",
        ],
        "es" => &["Nota", "Consejo", "Importante", "Advertencia", "Precaución"],
        "pt" => &["Observação", "Dica", "Importante", "Aviso", "Cuidado"],
        "ru" => &[
            "Примечание",
            "Совет",
            "Важно",
            "Предупреждение",
            "Осторожно",
        ],
        "ar" => &["ملاحظة", "نصيحة", "مهم", "تحذير", "تنبيه"],
        "zh" => &["备注", "提示", "重要", "警告", "注意"],
        "ja" => &["注記", "ヒント", "重要", "警告", "注意"],
        "hi" => &["नोट", "सुझाव", "महत्वपूर्ण", "चेतावनी", "सावधानी"],
        _ => &["Note", "Tip", "Important", "Warning", "Caution"],
    }
}

fn index(kind: BlockQuoteKind) -> usize {
    match kind {
        BlockQuoteKind::Note => 0,
        BlockQuoteKind::Tip => 1,
        BlockQuoteKind::Important => 2,
        BlockQuoteKind::Warning => 3,
        BlockQuoteKind::Caution => 4,
    }
}

/// The classes a callout's box and title carry: the sanitizer lets these through.
pub const CLASSES: [&str; 6] = [
    "callout",
    "callout-note",
    "callout-tip",
    "callout-important",
    "callout-warning",
    "callout-caution",
];

/// The opening of a callout's box with its title.
pub fn open(kind: BlockQuoteKind, language: &str) -> String {
    let i = index(kind);
    format!(
        "<div class=\"callout {}\">\n<p class=\"callout-title\">{}</p>\n",
        CLASSES[i + 1],
        words(language)[i]
    )
}

pub const CLOSE: &str = "</div>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_callout_has_its_kind_and_its_word_in_the_language() {
        assert_eq!(
            open(BlockQuoteKind::Warning, "en"),
            "<div class=\"callout callout-warning\">\n<p class=\"callout-title\">Warning</p>\n"
        );
        assert!(open(BlockQuoteKind::Tip, "de-AT").contains(">Tipp<"));
        assert!(open(BlockQuoteKind::Note, "nl").contains(">Note<"));
    }
}
