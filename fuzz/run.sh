#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 60 s each) with cargo-fuzz, starting from
# the committed seeds in fuzz/seeds/TARGET. Crashes land in fuzz/artifacts/TARGET; fix them and
# pin each with a regression test. Needs `cargo install cargo-fuzz`; RUSTC_BOOTSTRAP lets the
# stable toolchain accept the flags libFuzzer needs.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
export RUSTC_BOOTSTRAP=1
for target in frontmatter markdown slug_path request_path; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  cp -n fuzz/seeds/"$target"/* "$corpus"/ 2>/dev/null || true
  echo "== $target for ${seconds}s"
  cargo fuzz run "$target" --sanitizer none "$corpus" -- -max_total_time="$seconds" -max_len=65536 2>&1 | grep -E "^#[0-9]+.*(DONE|pulse)|ERROR|panicked|Done" | tail -3
done
echo "== time per byte as inputs double"
python3 fuzz/growth.py
