#!/usr/bin/env python3
"""Checks that build time per byte stays flat as inputs double (no quadratic blow-up), for the
inputs that trip Markdown and YAML parsers: brackets, emphasis, equal headings, nested
quotes, many links, long tables. Prints each doubling's time ratio; fails above 3.

    python3 fuzz/growth.py
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("HANDBOOK", os.path.join(ROOT, "target/release/handbook"))
SHM = "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp"

SHAPES = {
    "brackets": lambda n: "[" * n + "](" * (n // 2),
    "emphasis": lambda n: "*a _b " * (n // 6),
    "equal headings": lambda n: "## Same\n\n" * (n // 9),
    "nested quotes": lambda n: "> " * (n // 2) + "x",
    "links": lambda n: "[a](b.md#c) " * (n // 12),
    "table": lambda n: "| a | b |\n|---|---|\n" + "| x | y |\n" * (n // 10),
    "backticks": lambda n: "`" * n,
}


def time_build(body):
    site = os.path.join(SHM, "handbook-growth")
    shutil.rmtree(site, ignore_errors=True)
    os.makedirs(os.path.join(site, "content"))
    with open(os.path.join(site, "handbook.yaml"), "w") as f:
        f.write("title: Growth\nmax_file_size: 100000000\nhealth:\n  off: [no-upcoming-event, purpose-missing, ground-rules-missing, few-facilitators]\n")
    with open(os.path.join(site, "content/a.md"), "w") as f:
        f.write("---\ntitle: A\n---\n" + body)
    with open(os.path.join(site, "content/b.md"), "w") as f:
        f.write("---\ntitle: B\n---\n## C\n")
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([BINARY, "build", "-q", site, "--output", site + "-out"], capture_output=True)
        runs.append(time.perf_counter() - started)
    # The fastest run: noise on this machine only ever adds time.
    return min(runs)


def main():
    if not os.path.exists(BINARY):
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=ROOT, check=True)
    base = time_build("x")
    worst = 0.0
    for name, make in SHAPES.items():
        times = []
        for n in (250_000, 500_000, 1_000_000):
            times.append(time_build(make(n)) - base)
        ratios = [b / a if a > 0.002 else 1.0 for a, b in zip(times, times[1:])]
        worst = max(worst, *ratios)
        print(f"  {name:<15} {' '.join(f'{t * 1000:6.0f} ms' for t in times)}   doubling x{ratios[0]:.2f}, x{ratios[1]:.2f}")
    if worst > 3:
        sys.exit(f"time grows faster than the input (worst doubling x{worst:.2f})")
    print(f"time per byte stays flat: worst doubling x{worst:.2f}")


if __name__ == "__main__":
    main()
