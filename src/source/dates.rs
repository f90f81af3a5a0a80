//! Dates and times as people type them (`17.04.2027 10:00`, `4/17/2027 7pm`, `2027/04/17`),
//! read only to write the fix into a message: handbook itself reads ISO 8601 alone, so that a
//! date never means two things. The message names the form handbook wants, filled in from
//! the author's own text.

/// The ISO form of a date (and time) typed another way: `17.04.2027 10:00` ->
/// `2027-04-17T10:00`. `None` when the text cannot be read as one date; a day-month order
/// that could be either (`04/05/2027`) is read day first, as most of the world writes it.
pub fn iso_suggestion(text: &str) -> Option<String> {
    let text = text.trim();
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((date, time)) => (date, Some(time.trim())),
        None => (text, None),
    };
    let date = iso_date(date)?;
    match time {
        None | Some("") => Some(date),
        Some(time) => Some(format!("{date}T{}", iso_time(time)?)),
    }
}

/// `17.04.2027`, `17/04/2027`, `2027/04/17`, `2027.4.17` as `2027-04-17`.
pub fn iso_date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['.', '/', '-']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (a_n, b_n, c_n) = (number(a)?, number(b)?, number(c)?);
    let (year, month, day) = if a.len() == 4 {
        (a_n, b_n, c_n)
    } else if c.len() == 4 {
        // Month first only when the first number cannot be a month's day order otherwise
        // (`4/17/2027`): a second number over 12 cannot be a month.
        if b_n > 12 && a_n <= 12 {
            (c_n, a_n, b_n)
        } else {
            (c_n, b_n, a_n)
        }
    } else {
        return None;
    };
    let valid = jiff::civil::Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()?;
    Some(valid.to_string())
}

/// `10:00`, `10.00`, `7pm`, `7:30 pm`, `19h30` as `HH:MM`.
fn iso_time(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase().replace(' ', "");
    let (clock, pm) = match (lower.strip_suffix("pm"), lower.strip_suffix("am")) {
        (Some(rest), _) => (rest.to_string(), Some(true)),
        (_, Some(rest)) => (rest.to_string(), Some(false)),
        _ => (lower, None),
    };
    let mut parts = clock.split([':', '.', 'h']);
    let hour: u32 = parts.next()?.parse().ok()?;
    let minute: u32 = match parts.next() {
        Some("") | None => 0,
        Some(m) => m.parse().ok()?,
    };
    let hour = match pm {
        Some(true) if hour < 12 => hour + 12,
        Some(false) if hour == 12 => 0,
        _ => hour,
    };
    (hour < 24 && minute < 60).then(|| format!("{hour:02}:{minute:02}"))
}

/// The IANA zone whose city is `name` (`Berlin` -> `Europe/Berlin`), in any case, with
/// spaces for underscores.
pub fn zone_named(name: &str) -> Option<String> {
    let wanted = name.trim().replace(' ', "_").to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    let zones: Vec<String> = jiff::tz::db()
        .available()
        .map(|zone| zone.to_string())
        .filter(|zone| zone.contains('/'))
        .collect();
    let by_city = zones.iter().find(|zone| {
        zone.rsplit('/')
            .next()
            .is_some_and(|city| city.to_lowercase() == wanted)
    });
    // Else a near spelling of a whole name (`Europe/Lundon`).
    by_city.cloned().or_else(|| {
        let names: Vec<&str> = zones.iter().map(String::as_str).collect();
        crate::base::error::suggest(name.trim(), &names).map(str::to_string)
    })
}

/// `6 months`, `1 year`, `90 days`, `2 weeks`, or ISO 8601 (`P6M`).
pub fn parse_period(text: &str) -> Option<jiff::Span> {
    let text = text.trim().to_lowercase();
    if let Ok(span) = text.to_uppercase().parse::<jiff::Span>() {
        return Some(span);
    }
    let mut words = text.split_whitespace();
    let n: i64 = words.next()?.parse().ok()?;
    let unit = words.next()?.trim_end_matches('s');
    if words.next().is_some() || !(1..=1000).contains(&n) {
        return None;
    }
    Some(match unit {
        "day" => jiff::Span::new().days(n),
        "week" => jiff::Span::new().weeks(n),
        "month" => jiff::Span::new().months(n),
        "year" => jiff::Span::new().years(n),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_people_type_them_get_their_iso_form() {
        for (typed, iso) in [
            ("17.04.2027 10:00", "2027-04-17T10:00"),
            ("17/04/2027", "2027-04-17"),
            ("4/17/2027 7pm", "2027-04-17T19:00"),
            ("2027/04/17 7:30 pm", "2027-04-17T19:30"),
            ("2027.4.7 19h30", "2027-04-07T19:30"),
            ("05.03.2027 12am", "2027-03-05T00:00"),
        ] {
            assert_eq!(iso_suggestion(typed).as_deref(), Some(iso), "{typed}");
        }
        for nonsense in ["next Tuesday", "31.02.2027", "2027-04-17 25:00", "1.2"] {
            assert_eq!(iso_suggestion(nonsense), None, "{nonsense}");
        }
    }
}
