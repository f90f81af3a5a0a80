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

impl Digest {
    /// Each word of the body once. Split a byte at a time: the words are short, and a search
    /// set up for each (`split(' ')`) cost three times the look-up that follows (in the
    /// search index, every word of every page).
    pub fn each_word(&self) -> impl Iterator<Item = &str> + '_ {
        let text = self.words.as_str();
        let mut start = 0;
        std::iter::from_fn(move || {
            let bytes = text.as_bytes();
            while start < bytes.len() {
                let from = start;
                let len = (bytes[from..].iter())
                    .position(|&b| b == b' ')
                    .unwrap_or(bytes.len() - from);
                start = from + len + 1;
                if len > 0 {
                    return Some(&text[from..from + len]);
                }
            }
            None
        })
    }
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
    /// `seed()`, read once rather than once a word.
    seed: u64,
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
    fn grow(&mut self, out: &[u8], seed: u64) {
        self.mask = self.mask * 2 + 1;
        if self.entries.len() <= self.mask {
            self.entries.resize(self.mask + 1, Entry::default());
        }
        self.next_generation();
        let mut start = 0;
        for bytes in out.split(|&b| b == b' ') {
            let word = Word::of(bytes);
            let mut slot = slot_of(word.hash(seed), self.mask);
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
            seed: seed(),
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

    /// `words` for ASCII text: 64 bytes at a time, a mask of which bytes are letters or
    /// digits (`word_bytes`) gives where words start and end as two more masks; each word is
    /// then lower-cased and looked up. A word may run on from one block into the next.
    fn add_ascii(&mut self, text: &[u8]) {
        // Where the word that runs on from the last block began.
        let mut open = None;
        // 1 when the last block's last byte was in a word.
        let mut carry = 0;
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
            // Bit i of `before` is set when byte i-1 is in a word.
            let before = (mask << 1) | carry;
            let mut starts = mask & !before;
            // A word ends (exclusively) where a byte is not in a word after one that is.
            let mut ends = !mask & before;
            carry = mask >> 63;
            while ends != 0 {
                let end = base + ends.trailing_zeros() as usize;
                ends &= ends - 1;
                let begin = match open.take() {
                    Some(begin) => begin,
                    None => {
                        let begin = base + starts.trailing_zeros() as usize;
                        starts &= starts - 1;
                        begin
                    }
                };
                self.insert_folded(text, begin, end);
            }
            // At most one start is left: a word that goes on into the next block.
            if starts != 0 {
                open = Some(base + starts.trailing_zeros() as usize);
            }
        }
        if let Some(begin) = open {
            self.insert_folded(text, begin, text.len());
        }
    }

    /// Adds `text[begin..end]`, an ASCII word of letters and digits, lower-cased, unless it
    /// is too long. A word of sixteen bytes or less (nearly every word) is read, folded and
    /// compared as two numbers.
    #[inline(always)]
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
        // Letters only change when 0x20 is set: digits already have it.
        let fold = |raw: u64, len: usize| {
            let keep = if len >= 8 {
                !0
            } else {
                (1u64 << (8 * len)) - 1
            };
            (raw | 0x2020_2020_2020_2020) & keep
        };
        let (head, next) = match text.get(begin..begin + 16) {
            Some(sixteen) => (read8(&sixteen[..8]), read8(&sixteen[8..])),
            None => {
                let mut sixteen = [0u8; 16];
                sixteen[..len].copy_from_slice(&text[begin..end]);
                (read8(&sixteen[..8]), read8(&sixteen[8..]))
            }
        };
        let head = fold(head, len);
        let next = if len > 8 { fold(next, len - 8) } else { 0 };
        if let Err(slot) = self.find_short(head, next, len) {
            let mut bytes = [0u8; 16];
            bytes[..8].copy_from_slice(&head.to_le_bytes());
            bytes[8..].copy_from_slice(&next.to_le_bytes());
            let word = Word {
                head,
                next,
                len,
                rest: &[],
            };
            self.add_word(slot, &word, &bytes[..len]);
        }
    }

    /// `find` for a word of sixteen bytes or less, given as `Word` has it: the look-up that
    /// nearly every word of every body makes, so it is kept to a hash and a few compares.
    #[inline(always)]
    fn find_short(&self, head: u64, next: u64, len: usize) -> Result<usize, usize> {
        let table = &self.table;
        let mut slot = slot_of(hash_head(self.seed, len, head, next), table.mask);
        loop {
            let entry = table.entries[slot];
            if entry.generation != table.generation {
                return Err(slot);
            }
            if entry.head == head && entry.next == next && entry.len as usize == len {
                return Ok(slot);
            }
            slot = (slot + 1) & table.mask;
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
        let mut slot = slot_of(word.hash(self.seed), table.mask);
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
            table.grow(&self.out, self.seed);
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
/// Written so that the compiler makes vector code of it: each byte is tested on its own
/// into a byte of 0 or 1, and eight such bytes at a time are gathered into eight bits.
#[inline]
fn word_bytes(block: &[u8]) -> u64 {
    let mut flags = [0u8; 64];
    for (flag, &b) in flags.iter_mut().zip(block) {
        let letter = (b | 0x20).wrapping_sub(b'a') < 26;
        let digit = b.wrapping_sub(b'0') < 10;
        *flag = u8::from(letter | digit);
    }
    let mut mask = 0;
    for (k, eight) in flags.chunks_exact(8).enumerate() {
        // Byte `i`'s low bit moved to bit 56 + i, then down to bit i.
        let gathered = read8(eight).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        mask |= gathered << (8 * k);
    }
    mask
}

/// Eight bytes as a number, the first the lowest.
#[inline]
fn read8(eight: &[u8]) -> u64 {
    u64::from_le_bytes(eight.try_into().unwrap_or_default())
}

/// The first eight bytes as a number (zeros after a shorter end). A shorter slice is read
/// as two reads that overlap (or three bytes), never a byte at a time: the same bytes land
/// in the same places either way.
#[inline]
fn head_of(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let byte = |k: usize| u64::from(bytes[k]) << (8 * k);
    match len {
        8.. => read8(&bytes[..8]),
        4..=7 => {
            let four = |from: usize| {
                u64::from(u32::from_le_bytes(
                    bytes[from..from + 4].try_into().unwrap_or_default(),
                ))
            };
            four(0) | four(len - 4) << (8 * (len - 4))
        }
        1..=3 => byte(0) | byte(len / 2) | byte(len - 1),
        0 => 0,
    }
}

/// A word as the table compares it: its first sixteen bytes as two numbers (zeros after a
/// shorter word's end), its length, and the bytes after the sixteenth.
pub(super) struct Word<'w> {
    pub(super) head: u64,
    pub(super) next: u64,
    pub(super) len: usize,
    pub(super) rest: &'w [u8],
}

impl<'w> Word<'w> {
    pub(super) fn of(bytes: &'w [u8]) -> Word<'w> {
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
    pub(super) fn hash(&self, seed: u64) -> u64 {
        let mut hash = hash_head(seed, self.len, self.head, self.next);
        for chunk in self.rest.chunks(8) {
            hash = mix(hash, head_of(chunk));
        }
        hash
    }
}

/// One step of the words' hash (FxHash's mixing).
#[inline(always)]
fn mix(hash: u64, eight: u64) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    (hash.rotate_left(26) ^ eight).wrapping_mul(K)
}

/// The hash of a word's length and first sixteen bytes: a whole word's hash when it is no
/// longer than that, two multiplications.
#[inline(always)]
fn hash_head(seed: u64, len: usize, head: u64, next: u64) -> u64 {
    mix(mix(len as u64 ^ seed, head), next)
}

/// A key of this process's own, mixed into every word's hash: the words are a page's, and a
/// page written so that many words share a slot would otherwise make its digest (and the
/// index's word lists) quadratic. Where a word lands never shows in the output (words keep
/// the order they were first seen in), so builds stay byte for byte the same.
pub(super) fn seed() -> u64 {
    static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *SEED.get_or_init(|| {
        use std::hash::BuildHasher;
        std::collections::hash_map::RandomState::new().hash_one("handbook words")
    })
}

/// A hash's first slot in a table of `mask + 1` entries: from its top bits, which the
/// multiplication in `Word::hash` mixes best.
#[inline]
pub(super) fn slot_of(hash: u64, mask: usize) -> usize {
    (hash >> 40) as usize & mask
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
    fn a_short_slice_reads_as_its_bytes_then_zeros() {
        let text = b"abcdefghij";
        for len in 0..=10 {
            let mut eight = [0u8; 8];
            let n = len.min(8);
            eight[..n].copy_from_slice(&text[..n]);
            assert_eq!(head_of(&text[..len]), u64::from_le_bytes(eight), "{len}");
        }
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
        // A word that ends where a block ends, one that fills a block, one that runs into
        // a third block, and a text that ends in a word on a block's last byte.
        let edges = [
            format!("{} b", "a".repeat(64)),
            format!("{} {}", "c".repeat(63), "d".repeat(64)),
            format!("x {} y", "e".repeat(150)),
            format!("{}Z", "f ".repeat(31)),
        ];
        for text in &edges {
            assert_eq!(Digest::of(text).words, unique_words(words(text)), "{text}");
        }
        assert_eq!(Digest::of(&edges[0]).words, format!("{} b", "a".repeat(64)));
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

        /// Words that end on, run across or fill the 64-byte blocks the ASCII digest reads
        /// (up to three blocks, past the longest word kept), and texts that end in a word.
        #[test]
        fn words_across_blocks_digest_as_the_general_splitter_does(
            text in "([a-zA-Z0-9]{1,170}[ .]{1,2}){0,30}[a-zA-Z0-9]{0,70}"
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
