//! Prints what `source::git` reads of a content folder: `cargo run --example history -- DIR`.
fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "example-site/content".into());
    let start = std::time::Instant::now();
    let place = handbook::source::git::locate(std::path::Path::new(&dir)).expect("a git work tree");
    match handbook::source::git::read(&place, false) {
        Ok(h) => {
            println!(
                "{} files, {} moves, {} recent commits in {:?}",
                h.files.len(),
                h.moves.len(),
                h.commits.len(),
                start.elapsed()
            );
            let mut files: Vec<_> = h.files.iter().collect();
            files.sort_by_key(|(p, _)| p.as_str());
            // `HISTORY_ALL=1`: every file, tab-separated, for comparing with `git log`.
            if std::env::var_os("HISTORY_ALL").is_some() {
                for (path, f) in &files {
                    println!("{path}\t{}\t{}\t{}", f.updated, f.created, f.authors.len());
                }
                return;
            }
            for (path, f) in files.iter().take(8) {
                let names: Vec<&str> = f.authors.iter().map(|a| a.name.as_str()).collect();
                println!(
                    "{path}: updated {} created {} by {names:?}",
                    f.updated, f.created
                );
            }
            for m in h.moves.iter().take(5) {
                println!("moved {} -> {}", m.from, m.to);
            }
            for c in h.commits.iter().take(3) {
                println!(
                    "{} {} {} {:?}",
                    &c.id[..8],
                    c.time,
                    c.summary,
                    c.changes
                        .iter()
                        .map(|x| (&x.kind, &x.path))
                        .collect::<Vec<_>>()
                );
            }
        }
        Err(e) => println!("no history: {e:?}"),
    }
}
