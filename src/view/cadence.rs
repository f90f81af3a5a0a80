//! A cadence in words, in each language the default theme speaks: "Monthly on the first
//! Thursday", "Monatlich am ersten Donnerstag", "Ежемесячно в первую среду", "毎月第1木曜日".
//! Each language has its own small function, because one pattern cannot carry the grammar:
//! ordinals agree with the weekday's gender (Russian, Portuguese) and a count takes the plural
//! its number asks for (Russian, Arabic). Other languages are written the English way.

use super::dates;
use crate::model::recurrence::{Ends, Frequency, Rule};
use jiff::civil::Weekday;

/// The rule in words for `language` (a code such as `de` or `pt-BR`).
pub fn describe(rule: &Rule, language: &str) -> String {
    let until = match rule.ends {
        Ends::Until(date) => Some(dates::short(date, language)),
        _ => None,
    };
    let parts = Parts {
        rule,
        until,
        language,
    };
    match language.split('-').next().unwrap_or(language) {
        "de" => german(&parts),
        "fr" => french(&parts),
        "es" => spanish(&parts),
        "pt" => portuguese(&parts),
        "ru" => russian(&parts),
        "ar" => arabic(&parts),
        "zh" => chinese(&parts),
        "ja" => japanese(&parts),
        "hi" => hindi(&parts),
        _ => english(&parts),
    }
}

struct Parts<'a> {
    rule: &'a Rule,
    /// The last date, already written in the language.
    until: Option<String>,
    language: &'a str,
}

impl Parts<'_> {
    /// The unit's index (day, week, month, year), for tables of four words.
    fn unit(&self) -> usize {
        match self.rule.frequency {
            Frequency::Daily => 0,
            Frequency::Weekly => 1,
            Frequency::Monthly => 2,
            Frequency::Yearly => 3,
        }
    }

    fn every(&self) -> Option<u32> {
        (self.rule.interval != 1).then_some(self.rule.interval)
    }

    fn weekday(&self, day: Weekday) -> &'static str {
        dates::weekday(day, self.language)
    }

    fn count(&self) -> Option<u32> {
        match self.rule.ends {
            Ends::Count(n) => Some(n),
            _ => None,
        }
    }

    /// The ending clause: `until` with the date in place of `{}`, or `times(n)`.
    fn ends(&self, until: &str, times: impl Fn(u32) -> String) -> String {
        match (&self.until, self.count()) {
            (Some(date), _) => until.replace("{}", date),
            (None, Some(n)) => times(n),
            (None, None) => String::new(),
        }
    }
}

/// Picks the word for an ordinal from `words` (first to fifth, last, second to last).
fn ordinal<'w>(nth: i8, words: &[&'w str; 7]) -> &'w str {
    match nth {
        1..=5 => words[(nth - 1) as usize],
        -1 => words[5],
        _ => words[6],
    }
}

fn english(p: &Parts) -> String {
    const ONCE: [&str; 4] = ["Daily", "Weekly", "Monthly", "Yearly"];
    const UNITS: [&str; 4] = ["days", "weeks", "months", "years"];
    const NUMBERS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let mut text = match p.every() {
        None => ONCE[p.unit()].to_string(),
        Some(n) => {
            let number = NUMBERS
                .get(n as usize)
                .map_or_else(|| n.to_string(), |w| w.to_string());
            format!("Every {number} {}", UNITS[p.unit()])
        }
    };
    if let Some((nth, day)) = p.rule.nth_weekday {
        const ORDINALS: [&str; 7] = [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "last",
            "second to last",
        ];
        text += &format!(" on the {} {}", ordinal(nth, &ORDINALS), p.weekday(day));
    }
    text + &p.ends(", until {}", |n| match n {
        1 => ", once".to_string(),
        n => format!(", {n} times"),
    })
}

fn german(p: &Parts) -> String {
    const ONCE: [&str; 4] = ["Täglich", "Wöchentlich", "Monatlich", "Jährlich"];
    const UNITS: [&str; 4] = ["Tage", "Wochen", "Monate", "Jahre"];
    const ORDINALS: [&str; 7] = [
        "ersten",
        "zweiten",
        "dritten",
        "vierten",
        "fünften",
        "letzten",
        "vorletzten",
    ];
    let mut text = match p.every() {
        None => ONCE[p.unit()].to_string(),
        Some(n) => format!("Alle {n} {}", UNITS[p.unit()]),
    };
    if let Some((nth, day)) = p.rule.nth_weekday {
        text += &format!(" am {} {}", ordinal(nth, &ORDINALS), p.weekday(day));
    }
    text + &p.ends(", bis {}", |n| match n {
        1 => ", einmal".to_string(),
        n => format!(", {n}-mal"),
    })
}

fn french(p: &Parts) -> String {
    const ONCE: [&str; 4] = [
        "Tous les jours",
        "Toutes les semaines",
        "Tous les mois",
        "Tous les ans",
    ];
    const EVERY: [&str; 4] = [
        "Tous les {} jours",
        "Toutes les {} semaines",
        "Tous les {} mois",
        "Tous les {} ans",
    ];
    const ORDINALS: [&str; 7] = [
        "premier",
        "deuxième",
        "troisième",
        "quatrième",
        "cinquième",
        "dernier",
        "avant-dernier",
    ];
    let mut text = match p.every() {
        None => ONCE[p.unit()].to_string(),
        Some(n) => EVERY[p.unit()].replace("{}", &n.to_string()),
    };
    if let Some((nth, day)) = p.rule.nth_weekday {
        text += &format!(", le {} {}", ordinal(nth, &ORDINALS), p.weekday(day));
    }
    text + &p.ends(", jusqu’au {}", |n| format!(", {n} fois"))
}

fn spanish(p: &Parts) -> String {
    const ONCE: [&str; 4] = ["Cada día", "Cada semana", "Cada mes", "Cada año"];
    const UNITS: [&str; 4] = ["días", "semanas", "meses", "años"];
    const ORDINALS: [&str; 7] = [
        "primer",
        "segundo",
        "tercer",
        "cuarto",
        "quinto",
        "último",
        "penúltimo",
    ];
    let mut text = match p.every() {
        None => ONCE[p.unit()].to_string(),
        Some(n) => format!("Cada {n} {}", UNITS[p.unit()]),
    };
    if let Some((nth, day)) = p.rule.nth_weekday {
        text += &format!(", el {} {}", ordinal(nth, &ORDINALS), p.weekday(day));
    }
    text + &p.ends(", hasta el {}", |n| match n {
        1 => ", una vez".to_string(),
        n => format!(", {n} veces"),
    })
}

fn portuguese(p: &Parts) -> String {
    const ONCE: [&str; 4] = [
        "Todos os dias",
        "Todas as semanas",
        "Todos os meses",
        "Todos os anos",
    ];
    const UNITS: [&str; 4] = ["dias", "semanas", "meses", "anos"];
    const FEMININE: [&str; 7] = [
        "primeira",
        "segunda",
        "terceira",
        "quarta",
        "quinta",
        "última",
        "penúltima",
    ];
    const MASCULINE: [&str; 7] = [
        "primeiro",
        "segundo",
        "terceiro",
        "quarto",
        "quinto",
        "último",
        "penúltimo",
    ];
    let mut text = match p.every() {
        None => ONCE[p.unit()].to_string(),
        Some(n) => format!("A cada {n} {}", UNITS[p.unit()]),
    };
    if let Some((nth, day)) = p.rule.nth_weekday {
        // Monday to Friday are "-feira" (feminine); Saturday and Sunday are masculine.
        let (article, words) = match day {
            Weekday::Saturday | Weekday::Sunday => ("no", &MASCULINE),
            _ => ("na", &FEMININE),
        };
        text += &format!(", {article} {} {}", ordinal(nth, words), p.weekday(day));
    }
    text + &p.ends(", até {}", |n| match n {
        1 => ", uma vez".to_string(),
        n => format!(", {n} vezes"),
    })
}

/// Russian's three plural forms: 1, 21, 31 ("one"); 2–4, 22–24 ("few"); the rest ("many").
fn russian_plural(n: u32) -> usize {
    match (n % 10, n % 100) {
        (1, r) if r != 11 => 0,
        (2..=4, r) if !(12..=14).contains(&r) => 1,
        _ => 2,
    }
}

fn russian(p: &Parts) -> String {
    const ONCE: [&str; 4] = ["Ежедневно", "Еженедельно", "Ежемесячно", "Ежегодно"];
    // The accusative after "каждые": one, few, many; and "каждый/каждую" for the one form.
    const UNITS: [[&str; 3]; 4] = [
        ["день", "дня", "дней"],
        ["неделю", "недели", "недель"],
        ["месяц", "месяца", "месяцев"],
        ["год", "года", "лет"],
    ];
    const EACH_ONE: [&str; 4] = ["Каждый", "Каждую", "Каждый", "Каждый"];
    let mut text = match p.every() {
        None => ONCE[p.unit()].to_string(),
        Some(n) => {
            let form = russian_plural(n);
            let each = if form == 0 {
                EACH_ONE[p.unit()]
            } else {
                "Каждые"
            };
            format!("{each} {n} {}", UNITS[p.unit()][form])
        }
    };
    if let Some((nth, day)) = p.rule.nth_weekday {
        // "в первый четверг", "в первую среду", "в первое воскресенье" (accusative).
        const MASCULINE: [&str; 7] = [
            "первый",
            "второй",
            "третий",
            "четвёртый",
            "пятый",
            "последний",
            "предпоследний",
        ];
        const FEMININE: [&str; 7] = [
            "первую",
            "вторую",
            "третью",
            "четвёртую",
            "пятую",
            "последнюю",
            "предпоследнюю",
        ];
        const NEUTER: [&str; 7] = [
            "первое",
            "второе",
            "третье",
            "четвёртое",
            "пятое",
            "последнее",
            "предпоследнее",
        ];
        let (words, name) = match day {
            Weekday::Wednesday => (&FEMININE, "среду"),
            Weekday::Friday => (&FEMININE, "пятницу"),
            Weekday::Saturday => (&FEMININE, "субботу"),
            Weekday::Sunday => (&NEUTER, "воскресенье"),
            _ => (&MASCULINE, p.weekday(day)),
        };
        text += &format!(" в {} {name}", ordinal(nth, words));
    }
    text + &p.ends(", до {}", |n| {
        let word = if russian_plural(n) == 1 {
            "раза"
        } else {
            "раз"
        };
        format!(", {n} {word}")
    })
}

fn arabic(p: &Parts) -> String {
    const ONCE: [&str; 4] = ["يوميًا", "أسبوعيًا", "شهريًا", "سنويًا"];
    // Two takes the dual; three to ten the plural; eleven and more the singular.
    const TWO: [&str; 4] = ["كل يومين", "كل أسبوعين", "كل شهرين", "كل سنتين"];
    const PLURAL: [&str; 4] = ["أيام", "أسابيع", "أشهر", "سنوات"];
    const SINGULAR: [&str; 4] = ["يومًا", "أسبوعًا", "شهرًا", "سنةً"];
    const ORDINALS: [&str; 6] = ["أول", "ثاني", "ثالث", "رابع", "خامس", "آخر"];
    let mut text = match p.every() {
        None => ONCE[p.unit()].to_string(),
        Some(2) => TWO[p.unit()].to_string(),
        Some(n @ 3..=10) => format!("كل {n} {}", PLURAL[p.unit()]),
        Some(n) => format!("كل {n} {}", SINGULAR[p.unit()]),
    };
    if let Some((nth, day)) = p.rule.nth_weekday {
        let name = p.weekday(day);
        // "أول خميس": an ordinal before the day drops the day's article.
        let bare = name.strip_prefix("ال").unwrap_or(name);
        let when = match nth {
            1..=5 => format!("{} {bare}", ORDINALS[(nth - 1) as usize]),
            -1 => format!("{} {bare}", ORDINALS[5]),
            _ => format!("{name} قبل الأخير"),
        };
        text += &format!(" في {when} من الشهر");
    }
    text + &p.ends("، حتى {}", |n| match n {
        1 => "، مرة واحدة".to_string(),
        2 => "، مرتين".to_string(),
        3..=10 => format!("، {n} مرات"),
        n => format!("، {n} مرة"),
    })
}

fn chinese(p: &Parts) -> String {
    const ONCE: [&str; 4] = ["每天", "每周", "每月", "每年"];
    const EVERY: [&str; 4] = ["每{}天", "每{}周", "每{}个月", "每{}年"];
    const ORDINALS: [&str; 7] = [
        "第一个",
        "第二个",
        "第三个",
        "第四个",
        "第五个",
        "最后一个",
        "倒数第二个",
    ];
    let mut text = match p.every() {
        None => ONCE[p.unit()].to_string(),
        Some(n) => EVERY[p.unit()].replace("{}", &n.to_string()),
    };
    if let Some((nth, day)) = p.rule.nth_weekday {
        text += &format!("的{}{}", ordinal(nth, &ORDINALS), p.weekday(day));
    }
    text + &p.ends("，直到{}", |n| format!("，共{n}次"))
}

fn japanese(p: &Parts) -> String {
    const ONCE: [&str; 4] = ["毎日", "毎週", "毎月", "毎年"];
    const EVERY: [&str; 4] = ["{}日ごと", "{}週間ごと", "{}か月ごと", "{}年ごと"];
    const ORDINALS: [&str; 7] = ["第1", "第2", "第3", "第4", "第5", "最終", "最後から2番目の"];
    let mut text = match p.every() {
        None => ONCE[p.unit()].to_string(),
        Some(n) => EVERY[p.unit()].replace("{}", &n.to_string()),
    };
    if let Some((nth, day)) = p.rule.nth_weekday {
        // "毎月第1木曜日", but "2か月ごとの第1木曜日".
        let of = if p.every().is_some() { "の" } else { "" };
        text += &format!("{of}{}{}", ordinal(nth, &ORDINALS), p.weekday(day));
    }
    text + &p.ends("、{}まで", |n| format!("、{n}回"))
}

fn hindi(p: &Parts) -> String {
    const ONCE: [&str; 4] = ["प्रतिदिन", "हर सप्ताह", "हर महीने", "हर साल"];
    const UNITS: [&str; 4] = ["दिन", "सप्ताह", "महीने", "साल"];
    const ORDINALS: [&str; 7] = ["पहले", "दूसरे", "तीसरे", "चौथे", "पाँचवें", "आख़िरी", "आख़िरी से पहले"];
    let mut text = match p.every() {
        None => ONCE[p.unit()].to_string(),
        Some(n) => format!("हर {n} {}", UNITS[p.unit()]),
    };
    if let Some((nth, day)) = p.rule.nth_weekday {
        text += &format!(" के {} {} को", ordinal(nth, &ORDINALS), p.weekday(day));
    }
    text + &p.ends(", {} तक", |n| format!(", {n} बार"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn rule(frequency: Frequency, interval: u32, nth: Option<(i8, Weekday)>, ends: Ends) -> Rule {
        Rule {
            frequency,
            interval,
            nth_weekday: nth,
            ends,
        }
    }

    #[test]
    fn each_language_writes_a_cadence_its_own_way() {
        let first_thursday = rule(
            Frequency::Monthly,
            1,
            Some((1, Weekday::Thursday)),
            Ends::Never,
        );
        let cases = [
            ("en", "Monthly on the first Thursday"),
            ("de", "Monatlich am ersten Donnerstag"),
            ("fr", "Tous les mois, le premier jeudi"),
            ("es", "Cada mes, el primer jueves"),
            ("pt-BR", "Todos os meses, na primeira quinta-feira"),
            ("ru", "Ежемесячно в первый четверг"),
            ("ar", "شهريًا في أول خميس من الشهر"),
            ("zh", "每月的第一个星期四"),
            ("ja", "毎月第1木曜日"),
            ("hi", "हर महीने के पहले गुरुवार को"),
            ("nl", "Monthly on the first Thursday"),
        ];
        for (language, expected) in cases {
            assert_eq!(describe(&first_thursday, language), expected, "{language}");
        }
    }

    #[test]
    fn ordinals_agree_with_the_weekday() {
        let last = |day| rule(Frequency::Monthly, 1, Some((-1, day)), Ends::Never);
        assert_eq!(
            describe(&last(Weekday::Wednesday), "ru"),
            "Ежемесячно в последнюю среду"
        );
        assert_eq!(
            describe(&last(Weekday::Sunday), "ru"),
            "Ежемесячно в последнее воскресенье"
        );
        assert_eq!(
            describe(&last(Weekday::Saturday), "pt"),
            "Todos os meses, no último sábado"
        );
        assert_eq!(
            describe(&last(Weekday::Friday), "ar"),
            "شهريًا في آخر جمعة من الشهر"
        );
    }

    #[test]
    fn counts_take_their_plural() {
        let every = |n, ends| rule(Frequency::Weekly, n, None, ends);
        assert_eq!(
            describe(&every(2, Ends::Count(6)), "en"),
            "Every two weeks, 6 times"
        );
        assert_eq!(
            describe(&every(2, Ends::Count(3)), "ru"),
            "Каждые 2 недели, 3 раза"
        );
        assert_eq!(
            describe(&every(5, Ends::Count(5)), "ru"),
            "Каждые 5 недель, 5 раз"
        );
        assert_eq!(describe(&every(21, Ends::Never), "ru"), "Каждую 21 неделю");
        assert_eq!(
            describe(&every(2, Ends::Count(2)), "ar"),
            "كل أسبوعين، مرتين"
        );
        assert_eq!(describe(&every(4, Ends::Never), "ar"), "كل 4 أسابيع");
        assert_eq!(
            describe(&every(3, Ends::Count(1)), "de"),
            "Alle 3 Wochen, einmal"
        );
    }

    #[test]
    fn an_end_date_is_written_in_the_language() {
        let until = rule(Frequency::Weekly, 1, None, Ends::Until(date(2027, 3, 4)));
        assert_eq!(describe(&until, "en"), "Weekly, until 4 March 2027");
        assert_eq!(describe(&until, "de"), "Wöchentlich, bis 4. März 2027");
        assert_eq!(describe(&until, "ja"), "毎週、2027年3月4日まで");
        let bimonthly = rule(
            Frequency::Monthly,
            2,
            Some((2, Weekday::Tuesday)),
            Ends::Never,
        );
        assert_eq!(describe(&bimonthly, "ja"), "2か月ごとの第2火曜日");
        assert_eq!(
            describe(&bimonthly, "en"),
            "Every two months on the second Tuesday"
        );
    }
}
