// mimalloc: the build allocates many small strings from several threads at once, which the
// system allocator handles markedly slower (see benches/bench.py).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    no_huge_pages();
    std::process::exit(handbook::cli::run());
}

/// Transparent huge pages cost a build more than they give: the allocator hands memory back
/// and takes it again as pages come and go, and each time the kernel clears a whole 2 MB
/// page. Profiled at 10,000 pages, clearing took a sixth of the build's CPU time; without
/// huge pages the build is as fast or faster and peaks about 15 MB lower.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours; if the
    // kernel refuses, nothing changes and the build goes on with huge pages.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
