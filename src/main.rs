// mimalloc: the build allocates many small strings from several threads at once, which the
// system allocator handles markedly slower (see benches/bench.py).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(handbook::cli::run());
}
