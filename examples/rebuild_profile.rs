#[global_allocator]
static A: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() {
    let site = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let options = handbook::pipeline::BuildOptions {
        site: site.clone(),
        output: None,
        base_url: None,
        now: "2026-11-20T00:00:00Z".parse().unwrap(),
        source_date_epoch: None,
        theme_override: None,
        github_repository: None,
        relative: false,
        audience: Default::default(),
        progress: None,
    };
    let mut s = handbook::preview::session::Session::new(options);
    let t = std::time::Instant::now();
    s.rebuild(&handbook::pipeline::Changed::Everything).unwrap();
    eprintln!("first {:?}", t.elapsed());
    let target = site.join("content/guides/section-0/page-0.md");
    let text = std::fs::read_to_string(&target).unwrap();
    let n: usize = std::env::var("REBUILDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    for k in 0..n {
        std::fs::write(&target, format!("{text}\nedit {k}\n")).unwrap();
        let t = std::time::Instant::now();
        let r = s
            .rebuild(&handbook::pipeline::Changed::Files(
                [std::path::absolute(&target).unwrap()].into(),
            ))
            .unwrap();
        eprintln!("rebuild {:?} rendered {}", t.elapsed(), r.rendered);
    }
    std::fs::write(&target, text).unwrap();
}
