//! What the search index needs of a body, made while the body renders so that no page's
//! plain text is kept: its first words and each of its words once. The index itself is
//! written by `render::search`; the words are split as the search box splits them.

use ahash::AHashSet;
use std::borrow::Cow;

/// How long a page's summary in the results is, in characters.
pub const SUMMARY: usize = 160;

/// Words as the search box splits them: letters and digits of any script, lower-cased.
/// Each word is split off before it is lower-cased, as the script in the page does.
pub fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.len() <= 160)
        .map(|w| {
            if w.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(w)
            }
        })
}

/// What the index needs of a body, made while the body renders so that no page's plain
/// text is kept: at ten thousand pages the text alone would be a hundred megabytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Digest {
    /// The first words, for the summary in the results.
    pub lead: String,
    /// Each word of the body once, in the order first seen, separated by spaces.
    pub words: String,
}

impl Digest {
    pub fn of(text: &str) -> Digest {
        let lead = text
            .split_whitespace()
            .take(SUMMARY / 2)
            .collect::<Vec<_>>()
            .join(" ");
        // Most bodies are ASCII: lower-cased at once, their words are split off the copy and
        // never allocated one by one. Digests are a tenth of a large build's time.
        let mut words = if text.is_ascii() {
            unique_ascii(text)
        } else {
            unique_words(self::words(text))
        };
        words.shrink_to_fit();
        Digest { lead, words }
    }
}

/// For each byte of ASCII text: itself lower-cased if it is a letter or digit, else a space.
const FOLD: [u8; 128] = {
    let mut table = [b' '; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// `unique_words(words(text))` for ASCII text, in one pass that folds case, finds the ends
/// of words and hashes them as it goes, with a small open-addressed table of the words seen
/// (their text is the output itself). This runs over every word of every body, where a
/// general hash set of `&str` cost a fifth of a build.
fn unique_ascii(text: &str) -> String {
    const EMPTY: (u64, u32, u32) = (0, 0, 0);
    let folded: Vec<u8> = text.bytes().map(|b| FOLD[usize::from(b & 0x7f)]).collect();
    let mut out: Vec<u8> = Vec::new();
    // (hash, never 0; start in `out`; length).
    let mut table: Vec<(u64, u32, u32)> = vec![EMPTY; 256];
    let mut used = 0;
    for word in folded.split(|&b| b == b' ') {
        if word.is_empty() || word.len() > 160 {
            continue;
        }
        let key = word_hash(word) | 1;
        let mask = table.len() - 1;
        let mut slot = slot_of(key, mask);
        loop {
            let (h, seen, len) = table[slot];
            if h == 0 {
                if !out.is_empty() {
                    out.push(b' ');
                }
                table[slot] = (key, out.len() as u32, word.len() as u32);
                out.extend_from_slice(word);
                used += 1;
                break;
            }
            if h == key && &out[seen as usize..(seen + len) as usize] == word {
                break;
            }
            slot = (slot + 1) & mask;
        }
        if used * 2 > table.len() {
            table = grown(&table);
        }
    }
    // Every byte written is ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// A quick hash of a short word, eight bytes at a time (FxHash's mixing).
fn word_hash(word: &[u8]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut hash = word.len() as u64;
    let mut chunks = word.chunks_exact(8);
    for chunk in &mut chunks {
        let mut eight = [0; 8];
        eight.copy_from_slice(chunk);
        hash = (hash.rotate_left(26) ^ u64::from_le_bytes(eight)).wrapping_mul(K);
    }
    // Byte by byte: a copy of a few bytes would call `memcpy` for every word.
    let tail = chunks
        .remainder()
        .iter()
        .enumerate()
        .fold(0u64, |tail, (k, &b)| tail | u64::from(b) << (8 * k));
    (hash.rotate_left(26) ^ tail).wrapping_mul(K)
}

/// A hash's first slot in a table of `mask + 1` entries: from its top bits, which the
/// multiplication in `word_hash` mixes best.
fn slot_of(hash: u64, mask: usize) -> usize {
    (hash >> 40) as usize & mask
}

/// The same table at twice the size, every entry placed again by its hash.
fn grown(table: &[(u64, u32, u32)]) -> Vec<(u64, u32, u32)> {
    let mut bigger = vec![(0, 0, 0); table.len() * 2];
    let mask = bigger.len() - 1;
    for &entry in table.iter().filter(|e| e.0 != 0) {
        let mut slot = slot_of(entry.0, mask);
        while bigger[slot].0 != 0 {
            slot = (slot + 1) & mask;
        }
        bigger[slot] = entry;
    }
    bigger
}

/// Each word once, in the order first seen, separated by spaces.
pub fn unique_words<'t>(words: impl Iterator<Item = Cow<'t, str>>) -> String {
    let mut seen: AHashSet<Cow<'t, str>> = AHashSet::with_capacity(256);
    let mut out = String::new();
    for word in words {
        // Written first and taken back when it was seen before: one lookup a word.
        let before = out.len();
        if before > 0 {
            out.push(' ');
        }
        out.push_str(word.as_ref());
        if !seen.insert(word) {
            out.truncate(before);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_any_script_in_lower_case() {
        let found: Vec<Cow<str>> = words("How to JOIN? Über-uns, 日本語 x").collect();
        assert_eq!(found, ["how", "to", "join", "über", "uns", "日本語", "x"]);
    }

    #[test]
    fn a_digest_keeps_each_word_once_in_the_order_first_seen() {
        let digest = Digest::of("Call the KEEPER. the keeper calls: İstanbul call");
        assert_eq!(digest.words, "call the keeper calls i̇stanbul");
        assert_eq!(
            digest.lead,
            "Call the KEEPER. the keeper calls: İstanbul call"
        );
        // The ASCII path gives what the general one gives.
        let ascii = "The KEEPER keeps x1 notes; the keeper's NOTES, 2026-11-26.";
        assert_eq!(Digest::of(ascii).words, unique_words(words(ascii)));
        assert_eq!(
            Digest::of(ascii).words,
            "the keeper keeps x1 notes s 2026 11 26"
        );
        let long_word = format!("a {} b", "x".repeat(161));
        assert_eq!(Digest::of(&long_word).words, "a b");
        assert_eq!(
            Digest::of(&long_word).words,
            unique_words(words(&long_word))
        );
        let long = "word ".repeat(SUMMARY);
        assert_eq!(Digest::of(&long).lead.split(' ').count(), SUMMARY / 2);
    }

    proptest::proptest! {
        /// The one-pass digest of ASCII text gives what the general word splitter gives,
        /// past the point where its table grows.
        #[test]
        fn the_ascii_digest_agrees_with_the_general_one(
            text in "([a-zA-Z0-9]{1,12}[ .,;:'()\\-]{1,3}){0,700}"
        ) {
            proptest::prop_assert_eq!(Digest::of(&text).words, unique_words(words(&text)));
        }
    }
}
