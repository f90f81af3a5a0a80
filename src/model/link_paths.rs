//! A link's path as written, made into a path below `content/`: percent escapes decoded
//! (`my%20notes.md`) and joined to the folder of the page that holds it, never climbing out
//! of `content/`. Every relative link of every page passes through here.

/// Joins a relative link to the folder of the page it is written in, refusing to climb out
/// of `content/`.
pub(super) fn join_relative(dir: &str, link: &str) -> Option<String> {
    // Built in one string, its segments counted, and split by a plain byte loop: as a list of
    // `split('/')` segments joined after, this was a sixtieth of a build's instructions,
    // most of them in setting up a search for each short segment.
    let is_slash = |&b: &u8| b == b'/';
    let mut joined = String::with_capacity(dir.len() + link.len() + 1);
    joined.push_str(dir);
    let mut segments = if dir.is_empty() {
        0
    } else {
        dir.bytes().filter(|b| is_slash(b)).count() + 1
    };
    let mut start = 0;
    let ends = (link
        .bytes()
        .enumerate()
        .filter(|(_, b)| is_slash(b))
        .map(|(i, _)| i))
    .chain(std::iter::once(link.len()));
    for end in ends {
        // A `/` is one byte and never inside a character: both ends are boundaries.
        let segment = &link[start..end];
        start = end + 1;
        match segment {
            "" | "." => {}
            ".." => {
                segments = segments.checked_sub(1)?;
                // The last segment holds no `/`: cut at the one before it, or to nothing.
                let cut = joined.as_bytes().iter().rposition(is_slash);
                joined.truncate(cut.filter(|_| segments > 0).unwrap_or(0));
            }
            s => {
                if segments > 0 {
                    joined.push('/');
                }
                joined.push_str(s);
                segments += 1;
            }
        }
    }
    Some(joined)
}

pub(super) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    // Most links have no escapes: one scan, one copy.
    if memchr::memchr(b'%', bytes).is_none() {
        return text.to_owned();
    }
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // Digits read as bytes: slicing the text there could cut a character in two
        // (`%aé`), which would panic.
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((high * 16 + low) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_cannot_climb_out() {
        assert_eq!(
            join_relative("roles", "../ground-rules.md").as_deref(),
            Some("ground-rules.md")
        );
        assert_eq!(join_relative("", "../x.md"), None);
    }

    /// The join as a list of segments, as it was first written: the one-string join must
    /// give the same path, or refuse, for every pair.
    fn join_by_list(dir: &str, link: &str) -> Option<String> {
        let mut parts: Vec<&str> = if dir.is_empty() {
            Vec::new()
        } else {
            dir.split('/').collect()
        };
        for segment in link.split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        Some(parts.join("/"))
    }

    #[test]
    fn joining_in_one_string_agrees_with_joining_a_list() {
        let dirs = ["", "a", "a/b", "a/b/c", "a//b", "é/ß", "a/b/"];
        let links = [
            "",
            ".",
            "..",
            "x.md",
            "./x.md",
            "../x.md",
            "../../x.md",
            "../../../x.md",
            "../../../../x.md",
            "y/../x.md",
            "../y/./z/",
            "//x",
            "a/../../b",
            "../é/ü.md",
            "x/..",
            "x/../..",
        ];
        for dir in dirs {
            for link in links {
                assert_eq!(
                    join_relative(dir, link),
                    join_by_list(dir, link),
                    "{dir:?} + {link:?}"
                );
            }
        }
    }

    #[test]
    fn percent_escapes_decode_and_anything_else_is_kept() {
        assert_eq!(percent_decode("my%20notes.md"), "my notes.md");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        // Not escapes: kept as written, never cut inside a character.
        assert_eq!(percent_decode("%aé"), "%aé");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%+1"), "%+1");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        // Bytes that are not UTF-8 become U+FFFD rather than an error.
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
    }
}
