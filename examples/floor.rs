//! The physical floor of a build on one core, for docs/performance.md: how fast the same
//! Markdown can be read and turned into HTML by pulldown-cmark alone, with nothing of ours
//! around it. Run by hand on a corpus from `benches/bench.py corpus`:
//!
//!     cargo run --release --example floor -- /dev/shm/c-deep
//!
//! It prints pages per second on one core for reading the files, copying their bytes once,
//! and pulldown-cmark (parse and HTML, the options the build uses) on the bodies.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use pulldown_cmark::{Options, Parser, html};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// The text after a `---` front matter block, if there is one.
fn body(text: &str) -> &str {
    text.strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|end| &rest[end + 5..]))
        .unwrap_or(text)
}

fn main() {
    let Some(site) = std::env::args().nth(1) else {
        eprintln!("usage: floor SITE (a folder with content/)");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    markdown_files(&Path::new(&site).join("content"), &mut files);
    let n = files.len() as f64;
    let rate = |what: &str, started: Instant| {
        let took = started.elapsed().as_secs_f64();
        println!(
            "{what:<28} {:>8.1} ms  {:>8.0} pages/s on one core",
            took * 1000.0,
            n / took
        );
    };
    let started = Instant::now();
    let texts: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect();
    rate("read every file", started);
    let started = Instant::now();
    let copies: Vec<Vec<u8>> = texts.iter().map(|t| t.as_bytes().to_vec()).collect();
    rate("copy every byte once", started);
    drop(copies);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    let started = Instant::now();
    let mut bytes = 0;
    for text in &texts {
        let mut out = String::with_capacity(text.len() * 3 / 2);
        html::push_html(&mut out, Parser::new_ext(body(text), options));
        bytes += out.len();
    }
    rate("pulldown-cmark to HTML", started);
    // Ours, for comparison: the search digest of each body (here of its Markdown).
    let mut words = 0;
    for _ in 0..3 {
        let started = Instant::now();
        for text in &texts {
            let mut digester = handbook::model::digest::Digester::sized_for(body(text).len());
            digester.add(body(text));
            words += digester.finish().words.len();
        }
        rate("handbook's search digest", started);
    }
    std::hint::black_box(words);
    println!("{} pages, {} MB of HTML", texts.len(), bytes >> 20);
}
