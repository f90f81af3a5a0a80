//! A map from words to values for the search index's word lists, built on the digest's
//! quick word hash (`digest::Word`): the index looks up every word of every page once.

use super::digest::{Word, seed, slot_of};

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
    /// `seed()`, read once.
    seed: u64,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            slots: vec![0; 1024],
            heads: Vec::new(),
            entries: Vec::new(),
            seed: seed(),
        }
    }
}

impl<V> WordMap<V> {
    /// The value of `word`, made by `value` the first time.
    pub fn get_or_insert_with(&mut self, word: &str, value: impl FnOnce() -> V) -> &mut V {
        let found = Word::of(word.as_bytes());
        let mask = self.slots.len() - 1;
        let mut slot = slot_of(found.hash(self.seed), mask);
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
            let mut slot = slot_of(Word::of(word.as_bytes()).hash(self.seed), mask);
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
}
