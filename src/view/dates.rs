//! Dates in words as each language writes them ("Thursday 3 December 2026", "Donnerstag,
//! 3. Dezember 2026", "2026年12月3日木曜日"), for the languages the default theme is
//! translated into; others are written the English way. jiff formats in English only, and
//! these few patterns (from CLDR's long date formats) do not need ICU's data.

use jiff::civil::Date;

struct Words {
    /// Monday first.
    weekdays: [&'static str; 7],
    /// As the day's date has them (Russian's genitive: "3 декабря").
    months: [&'static str; 12],
    /// `{w}` weekday, `{d}` day, `{m}` month's name, `{n}` month's number, `{y}` year.
    long: &'static str,
    short: &'static str,
}

const EN: Words = Words {
    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    long: "{w} {d} {m} {y}",
    short: "{d} {m} {y}",
};

const DE: Words = Words {
    weekdays: [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ],
    months: [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    long: "{w}, {d}. {m} {y}",
    short: "{d}. {m} {y}",
};
const FR: Words = Words {
    weekdays: [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    long: "{w} {d} {m} {y}",
    short: "{d} {m} {y}",
};
const ES: Words = Words {
    weekdays: [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ],
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    long: "{w}, {d} de {m} de {y}",
    short: "{d} de {m} de {y}",
};
const PT: Words = Words {
    weekdays: [
        "segunda-feira",
        "terça-feira",
        "quarta-feira",
        "quinta-feira",
        "sexta-feira",
        "sábado",
        "domingo",
    ],
    months: [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    long: "{w}, {d} de {m} de {y}",
    short: "{d} de {m} de {y}",
};
const RU: Words = Words {
    weekdays: [
        "понедельник",
        "вторник",
        "среда",
        "четверг",
        "пятница",
        "суббота",
        "воскресенье",
    ],
    months: [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    long: "{w}, {d} {m} {y} г.",
    short: "{d} {m} {y} г.",
};
const AR: Words = Words {
    weekdays: [
        "الاثنين",
        "الثلاثاء",
        "الأربعاء",
        "الخميس",
        "الجمعة",
        "السبت",
        "الأحد",
    ],
    months: [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
    long: "{w}، {d} {m} {y}",
    short: "{d} {m} {y}",
};
const HI: Words = Words {
    weekdays: [
        "सोमवार",
        "मंगलवार",
        "बुधवार",
        "गुरुवार",
        "शुक्रवार",
        "शनिवार",
        "रविवार",
    ],
    months: [
        "जनवरी",
        "फ़रवरी",
        "मार्च",
        "अप्रैल",
        "मई",
        "जून",
        "जुलाई",
        "अगस्त",
        "सितंबर",
        "अक्तूबर",
        "नवंबर",
        "दिसंबर",
    ],
    long: "{w}, {d} {m} {y}",
    short: "{d} {m} {y}",
};
const ZH: Words = Words {
    weekdays: [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ],
    months: [""; 12],
    long: "{y}年{n}月{d}日{w}",
    short: "{y}年{n}月{d}日",
};
const JA: Words = Words {
    weekdays: [
        "月曜日",
        "火曜日",
        "水曜日",
        "木曜日",
        "金曜日",
        "土曜日",
        "日曜日",
    ],
    months: [""; 12],
    long: "{y}年{n}月{d}日{w}",
    short: "{y}年{n}月{d}日",
};
fn words(language: &str) -> &'static Words {
    match language.split('-').next().unwrap_or(language) {
        "de" => &DE,
        "fr" => &FR,
        "es" => &ES,
        "pt" => &PT,
        "ru" => &RU,
        "ar" => &AR,
        "hi" => &HI,
        "zh" => &ZH,
        "ja" => &JA,
        _ => &EN,
    }
}

fn write(date: Date, pattern: &str, w: &Words) -> String {
    let month = usize::try_from(date.month() - 1).unwrap_or(0).min(11);
    let weekday = usize::try_from(date.weekday().to_monday_zero_offset())
        .unwrap_or(0)
        .min(6);
    pattern
        .replace("{w}", w.weekdays[weekday])
        .replace("{d}", &date.day().to_string())
        .replace("{m}", w.months[month])
        .replace("{n}", &date.month().to_string())
        .replace("{y}", &date.year().to_string())
}

/// A weekday's name as the language writes it in a date ("Thursday", "Donnerstag", "четверг").
pub(super) fn weekday(day: jiff::civil::Weekday, language: &str) -> &'static str {
    let index = usize::try_from(day.to_monday_zero_offset())
        .unwrap_or(0)
        .min(6);
    words(language).weekdays[index]
}

/// The date with its weekday: "Thursday 3 December 2026".
pub fn long(date: Date, language: &str) -> String {
    let w = words(language);
    write(date, w.long, w)
}

/// A long date followed by a time ("Thursday 3 December 2026, 18:00 CET"), joined with the
/// language's own comma.
pub fn long_with_time(date: Date, time: &str, language: &str) -> String {
    let joint = match language.split('-').next().unwrap_or(language) {
        "ar" | "fa" | "ur" => "، ",
        "zh" | "ja" => " ",
        _ => ", ",
    };
    format!("{}{joint}{time}", long(date, language))
}

/// The date alone: "3 December 2026".
pub fn short(date: Date, language: &str) -> String {
    let w = words(language);
    write(date, w.short, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_writes_a_date_its_own_way() {
        let d = jiff::civil::date(2026, 12, 3);
        assert_eq!(long(d, "en"), "Thursday 3 December 2026");
        assert_eq!(long(d, "de"), "Donnerstag, 3. Dezember 2026");
        assert_eq!(long(d, "fr"), "jeudi 3 décembre 2026");
        assert_eq!(long(d, "es"), "jueves, 3 de diciembre de 2026");
        assert_eq!(long(d, "pt-BR"), "quinta-feira, 3 de dezembro de 2026");
        assert_eq!(long(d, "ru"), "четверг, 3 декабря 2026 г.");
        assert_eq!(long(d, "ar"), "الخميس، 3 ديسمبر 2026");
        assert_eq!(long(d, "zh-Hans"), "2026年12月3日星期四");
        assert_eq!(long(d, "ja"), "2026年12月3日木曜日");
        assert_eq!(long(d, "hi"), "गुरुवार, 3 दिसंबर 2026");
        assert_eq!(short(d, "de"), "3. Dezember 2026");
        assert_eq!(
            long(d, "xx"),
            "Thursday 3 December 2026",
            "others the English way"
        );
    }

    #[test]
    fn english_matches_what_jiff_writes() {
        let mut d = jiff::civil::date(2026, 1, 1);
        for _ in 0..400 {
            assert_eq!(long(d, "en"), d.strftime("%A %-d %B %Y").to_string());
            assert_eq!(short(d, "en"), d.strftime("%-d %B %Y").to_string());
            d = d.tomorrow().unwrap();
        }
    }
}
