//! What the search index needs of a body, made while the body renders so that no page's
//! plain text is kept: its first words and each of its words once. The index itself is
//! written by `render::search`; the words are split as the search box splits them.

use std::borrow::Cow;

/// How long a page's summary in the results is, in characters.
pub const SUMMARY: usize = 160;

/// Words as the search box splits them: letters and digits of any script, lower-cased.
/// Each word is split off before it is lower-cased, as the script in the page does.
pub fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.len() <= MAX_WORD)
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

#[cfg(test)]
impl Digest {
    /// The digest of one text (`Digester` fed with it alone).
    pub fn of(text: &str) -> Digest {
        let mut digester = Digester::default();
        digester.add(text);
        digester.finish()
    }
}

/// Makes a `Digest` from a body's pieces of text as the Markdown parser hands them over, so
/// that the body's plain text is never put together: words and the lead are taken from each
/// piece as it comes. The pieces are read as if joined by spaces. This runs over every word
/// of every body, where a general hash set of `&str` cost a fifth of a build: ASCII text
/// (most of it) is split 64 bytes at a time and its words compared as numbers, in an
/// open-addressed table of the words seen (their text is the output itself).
#[derive(Debug)]
pub struct Digester {
    lead: String,
    lead_words: usize,
    out: Vec<u8>,
    table: Table,
}

/// The words seen, by hash: open addressing over a buffer that each thread keeps from one
/// body to the next, since a fresh table for every body (and again each time it grows)
/// cost more than the look-ups. Entries of earlier bodies are told apart by `generation`.
#[derive(Debug, Default)]
struct Table {
    entries: Vec<Entry>,
    /// The slots in use are `0..=mask`, a power of two less one.
    mask: usize,
    used: usize,
    generation: u16,
}

/// A word seen: its first sixteen bytes (as `Word` has them), where it is in the output,
/// its length, and the table's generation when it was put there (any other generation is an
/// empty slot).
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    head: u64,
    next: u64,
    start: u32,
    len: u16,
    generation: u16,
}

thread_local! {
    /// Each thread's table between digests.
    static SPARE: std::cell::Cell<Table> = std::cell::Cell::new(Table::default());
}

impl Table {
    /// The thread's table, emptied by a new generation (wiped when the count runs out), with
    /// at least `slots` slots in use (a power of two).
    fn take(slots: usize) -> Table {
        let mut table = SPARE.take();
        table.mask = slots.next_power_of_two().clamp(256, 1 << 16) - 1;
        if table.entries.len() <= table.mask {
            table.entries.resize(table.mask + 1, Entry::default());
        }
        table.used = 0;
        table.next_generation();
        table
    }

    /// Empties every slot at once.
    fn next_generation(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.entries.fill(Entry::default());
            self.generation = 1;
        }
    }

    fn give_back(self) {
        SPARE.set(self);
    }

    /// Twice as many slots, the words so far (`out`) placed again.
    fn grow(&mut self, out: &[u8]) {
        self.mask = self.mask * 2 + 1;
        if self.entries.len() <= self.mask {
            self.entries.resize(self.mask + 1, Entry::default());
        }
        self.next_generation();
        let mut start = 0;
        for bytes in out.split(|&b| b == b' ') {
            let word = Word::of(bytes);
            let mut slot = slot_of(word.hash(), self.mask);
            while self.entries[slot].generation == self.generation {
                slot = (slot + 1) & self.mask;
            }
            self.entries[slot] = Entry {
                head: word.head,
                next: word.next,
                start: start as u32,
                len: bytes.len() as u16,
                generation: self.generation,
            };
            start += bytes.len() + 1;
        }
    }
}

/// Longer words are left out (they are rarely words), as the search box leaves them out.
const MAX_WORD: usize = 160;

impl Default for Digester {
    fn default() -> Self {
        Digester::sized_for(0)
    }
}

impl Digester {
    /// A digester for a text of about `len` bytes: its table starts large enough for the
    /// words such a text may have, so that it seldom grows.
    pub fn sized_for(len: usize) -> Digester {
        Digester {
            lead: String::new(),
            lead_words: 0,
            out: Vec::with_capacity(len / 2),
            table: Table::take(len / 4),
        }
    }

    /// Takes in one piece of the text.
    pub fn add(&mut self, text: &str) {
        if self.lead_words < SUMMARY / 2 {
            for word in text.split_whitespace().take(SUMMARY / 2 - self.lead_words) {
                if !self.lead.is_empty() {
                    self.lead.push(' ');
                }
                self.lead.push_str(word);
                self.lead_words += 1;
            }
        }
        if text.is_ascii() {
            self.add_ascii(text.as_bytes());
        } else {
            for word in words(text) {
                self.insert(word.as_bytes());
            }
        }
    }

    /// `words` for ASCII text: 64 bytes at a time, a mask of which are letters or digits
    /// (`word_bytes`) finds where words start and end; each word is then lower-cased and
    /// looked up.
    fn add_ascii(&mut self, text: &[u8]) {
        let mut start = None;
        let mut block = [b' '; 64];
        for (k, chunk) in text.chunks(64).enumerate() {
            let base = k * 64;
            let mask = if chunk.len() == 64 {
                word_bytes(chunk)
            } else {
                // The last block, padded with spaces: a word at the very end ends there.
                block[..chunk.len()].copy_from_slice(chunk);
                block[chunk.len()..].fill(b' ');
                word_bytes(&block)
            };
            let mut at = 0;
            while at < 64 {
                let rest = mask >> at;
                match start {
                    None if rest == 0 => break,
                    None => {
                        at += rest.trailing_zeros() as usize;
                        start = Some(base + at);
                    }
                    Some(begin) => {
                        let run = (!rest).trailing_zeros() as usize;
                        if at + run >= 64 {
                            // The word goes on into the next block.
                            break;
                        }
                        at += run;
                        self.insert_folded(text, begin, base + at);
                        start = None;
                    }
                }
            }
        }
        if let Some(begin) = start {
            self.insert_folded(text, begin, text.len());
        }
    }

    /// Adds `text[begin..end]`, an ASCII word of letters and digits, lower-cased, unless it
    /// is too long. A word of sixteen bytes or less (nearly every word) is read, folded and
    /// compared as two numbers.
    fn insert_folded(&mut self, text: &[u8], begin: usize, end: usize) {
        let len = end - begin;
        if len > 16 {
            if len <= MAX_WORD {
                let mut folded = [0u8; MAX_WORD];
                for (to, &b) in folded.iter_mut().zip(&text[begin..end]) {
                    // Letters only change: digits already have this bit.
                    *to = b | 0x20;
                }
                self.insert(&folded[..len]);
            }
            return;
        }
        let mut sixteen = [0u8; 16];
        match text.get(begin..begin + 16) {
            Some(bytes) => sixteen.copy_from_slice(bytes),
            None => sixteen[..len].copy_from_slice(&text[begin..end]),
        }
        let raw = u128::from_le_bytes(sixteen);
        let keep = if len == 16 {
            !0
        } else {
            (1u128 << (8 * len)) - 1
        };
        let folded = (raw & keep) | (0x2020_2020_2020_2020_2020_2020_2020_2020 & keep);
        let word = Word {
            head: folded as u64,
            next: (folded >> 64) as u64,
            len,
            rest: &[],
        };
        if let Err(slot) = self.find(&word) {
            self.add_word(slot, &word, &folded.to_le_bytes()[..len]);
        }
    }

    /// Adds `word` to the output unless it is there already.
    fn insert(&mut self, bytes: &[u8]) {
        let word = Word::of(bytes);
        if let Err(slot) = self.find(&word) {
            self.add_word(slot, &word, bytes);
        }
    }

    /// The slot of `word`: `Ok` where it is, `Err` where it would go.
    #[inline]
    fn find(&self, word: &Word) -> Result<usize, usize> {
        let table = &self.table;
        let mut slot = slot_of(word.hash(), table.mask);
        loop {
            let entry = table.entries[slot];
            if entry.generation != table.generation {
                return Err(slot);
            }
            if entry.head == word.head
                && entry.next == word.next
                && entry.len as usize == word.len
                && (word.rest.is_empty()
                    || self.out[entry.start as usize + 16..][..word.len - 16] == *word.rest)
            {
                return Ok(slot);
            }
            slot = (slot + 1) & table.mask;
        }
    }

    /// Puts a new word (`bytes`, as `word` describes them) in `slot` and at the end of the
    /// output.
    fn add_word(&mut self, slot: usize, word: &Word, bytes: &[u8]) {
        if !self.out.is_empty() {
            self.out.push(b' ');
        }
        let table = &mut self.table;
        table.entries[slot] = Entry {
            head: word.head,
            next: word.next,
            start: self.out.len() as u32,
            // At most `MAX_WORD`.
            len: word.len as u16,
            generation: table.generation,
        };
        self.out.extend_from_slice(bytes);
        table.used += 1;
        if table.used * 2 > table.mask + 1 {
            table.grow(&self.out);
        }
    }

    pub fn finish(self) -> Digest {
        self.table.give_back();
        let mut words = String::from_utf8(self.out).unwrap_or_default();
        words.shrink_to_fit();
        Digest {
            lead: self.lead,
            words,
        }
    }
}

/// Bit `i` is set when byte `i` of the block (64 bytes of ASCII) is a letter or digit.
/// Eight bytes at a time, as one number (SWAR): for bytes below 0x80, `between` sets each
/// byte's top bit exactly where the byte is in the range, with no carry between bytes.
#[inline]
fn word_bytes(block: &[u8]) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    // Top bit set where `low < byte < high`.
    let between = |x: u64, low: u64, high: u64| {
        (ONES * (127 + high) - x) & !x & (x + ONES * (127 - low)) & TOPS
    };
    let mut mask = 0;
    for (k, eight) in block.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        let digits = between(x, u64::from(b'0') - 1, u64::from(b'9') + 1);
        let letters = between(x | (ONES * 0x20), u64::from(b'a') - 1, u64::from(b'z') + 1);
        // The eight top bits gathered into one byte, byte `i`'s as bit `i`.
        let flags = ((digits | letters) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        mask |= flags << (8 * k);
    }
    mask
}

/// The first eight bytes as a number (zeros after a shorter end).
#[inline]
fn head_of(bytes: &[u8]) -> u64 {
    match bytes.get(..8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or_default()),
        None => bytes
            .iter()
            .enumerate()
            .fold(0, |head, (k, &b)| head | u64::from(b) << (8 * k)),
    }
}

/// A word as the table compares it: its first sixteen bytes as two numbers (zeros after a
/// shorter word's end), its length, and the bytes after the sixteenth.
struct Word<'w> {
    head: u64,
    next: u64,
    len: usize,
    rest: &'w [u8],
}

impl<'w> Word<'w> {
    fn of(bytes: &'w [u8]) -> Word<'w> {
        let part = |from: usize| head_of(bytes.get(from..).unwrap_or_default());
        Word {
            head: part(0),
            next: part(8),
            len: bytes.len(),
            rest: bytes.get(16..).unwrap_or_default(),
        }
    }

    /// A quick hash, eight bytes at a time (FxHash's mixing): most words take two
    /// multiplications.
    #[inline]
    fn hash(&self) -> u64 {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mix = |hash: u64, eight: u64| (hash.rotate_left(26) ^ eight).wrapping_mul(K);
        let mut hash = mix(mix(self.len as u64 ^ seed(), self.head), self.next);
        for chunk in self.rest.chunks(8) {
            hash = mix(hash, head_of(chunk));
        }
        hash
    }
}

/// A key of this process's own, mixed into every word's hash: the words are a page's, and a
/// page written so that many words share a slot would otherwise make its digest (and the
/// index's word lists) quadratic. Where a word lands never shows in the output (words keep
/// the order they were first seen in), so builds stay byte for byte the same.
fn seed() -> u64 {
    static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *SEED.get_or_init(|| {
        use std::hash::BuildHasher;
        std::collections::hash_map::RandomState::new().hash_one("handbook words")
    })
}

/// A hash's first slot in a table of `mask + 1` entries: from its top bits, which the
/// multiplication in `Word::hash` mixes best.
#[inline]
fn slot_of(hash: u64, mask: usize) -> usize {
    (hash >> 40) as usize & mask
}

/// A map from words to values, for the search index's word lists: the digest's table, with
/// words compared as two numbers, where a general hash map of strings cost as much as the
/// rest of the index. A word is copied the first time it is put in, and never again.
#[derive(Debug)]
pub struct WordMap<V> {
    /// Per slot: 0 for empty, else an entry's number plus one.
    slots: Vec<u32>,
    /// Per entry: its word's first sixteen bytes, as `Word` has them.
    heads: Vec<(u64, u64)>,
    entries: Vec<(String, V)>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            slots: vec![0; 1024],
            heads: Vec::new(),
            entries: Vec::new(),
        }
    }
}

impl<V> WordMap<V> {
    /// The value of `word`, made by `value` the first time.
    pub fn get_or_insert_with(&mut self, word: &str, value: impl FnOnce() -> V) -> &mut V {
        let found = Word::of(word.as_bytes());
        let mask = self.slots.len() - 1;
        let mut slot = slot_of(found.hash(), mask);
        loop {
            let at = self.slots[slot] as usize;
            if at == 0 {
                break;
            }
            let (head, next) = self.heads[at - 1];
            let key = &self.entries[at - 1].0;
            if head == found.head
                && next == found.next
                && key.len() == found.len
                && (found.rest.is_empty() || key.as_bytes()[16..] == *found.rest)
            {
                return &mut self.entries[at - 1].1;
            }
            slot = (slot + 1) & mask;
        }
        self.heads.push((found.head, found.next));
        self.entries.push((word.to_string(), value()));
        let at = self.entries.len();
        self.slots[slot] = at as u32;
        if at * 2 > self.slots.len() {
            self.grow();
        }
        &mut self.entries[at - 1].1
    }

    /// Twice as many slots, every entry placed again.
    fn grow(&mut self) {
        self.slots = vec![0; self.slots.len() * 2];
        let mask = self.slots.len() - 1;
        for (at, (word, _)) in self.entries.iter().enumerate() {
            let mut slot = slot_of(Word::of(word.as_bytes()).hash(), mask);
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = at as u32 + 1;
        }
    }

    /// The words and their values, in the order the words were first seen.
    pub fn entries(&self) -> &[(String, V)] {
        &self.entries
    }

    /// The words and their values, in the order the words were first seen.
    pub fn into_entries(self) -> Vec<(String, V)> {
        self.entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference the quick digest is held to: each word once, in the order first
    /// seen, separated by spaces, through a general hash set.
    fn unique_words<'t>(words: impl Iterator<Item = Cow<'t, str>>) -> String {
        let mut seen: ahash::AHashSet<Cow<'t, str>> = ahash::AHashSet::with_capacity(256);
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

    #[test]
    fn a_word_map_keeps_one_value_per_word() {
        let mut map: WordMap<Vec<u32>> = WordMap::default();
        let long = "w".repeat(40);
        for n in 0..3000u32 {
            let word = format!("word{}", n % 1500);
            map.get_or_insert_with(&word, Vec::new).push(n);
            map.get_or_insert_with(&long, Vec::new).push(n);
        }
        // Words that share their first sixteen bytes are told apart by the rest.
        map.get_or_insert_with("wwwwwwwwwwwwwwwwx", Vec::new)
            .push(7);
        let entries = map.into_entries();
        assert_eq!(entries.len(), 1502);
        assert_eq!(entries[0].0, "word0");
        assert_eq!(entries[0].1, [0, 1500]);
        assert_eq!(entries[1].0, long);
        assert_eq!(entries[1].1.len(), 3000);
        assert_eq!(entries[1501].1, [7]);
    }

    proptest::proptest! {
        /// The one-pass digest of ASCII text gives what the general word splitter gives,
        /// past the point where its table grows.
        #[test]
        fn the_ascii_digest_agrees_with_the_general_one(
            text in "([a-zA-Z0-9]{1,24}[ .,;:'()\\-]{1,3}){0,700}"
        ) {
            proptest::prop_assert_eq!(Digest::of(&text).words, unique_words(words(&text)));
        }

        /// Pieces fed one at a time give what their text joined by spaces gives, ASCII or
        /// not, words and lead alike.
        #[test]
        fn pieces_digest_as_their_joined_text(
            pieces in proptest::collection::vec("[a-zA-Z0-9 .,'İéß日\\-]{0,40}", 0..120)
        ) {
            let mut digester = Digester::default();
            for piece in &pieces {
                digester.add(piece);
            }
            let digest = digester.finish();
            let joined = pieces.join(" ");
            proptest::prop_assert_eq!(&digest.words, &unique_words(words(&joined)));
            let lead: Vec<&str> = joined.split_whitespace().take(SUMMARY / 2).collect();
            proptest::prop_assert_eq!(digest.lead, lead.join(" "));
        }
    }
}
