#!/usr/bin/env python3
"""Checks that build time per byte stays flat as inputs double (no quadratic blow-up), for the
inputs that trip Markdown and YAML parsers: brackets, emphasis, equal headings, nested
quotes, many links, long tables. Each input size is built into a fresh output, a failed
build fails the run, and so does time growing faster than size^1.5 from 250 KB to 2 MB.

    python3 fuzz/growth.py              # needs target/release/handbook (built if missing)
    python3 fuzz/growth.py --self-test  # the verdict alone, on made-up times
"""
import math
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
    """The fastest of five builds of a site holding `body`, each into a fresh output folder
    (an existing output would make every build after the first a no-op)."""
    site = os.path.join(SHM, "handbook-growth")
    shutil.rmtree(site, ignore_errors=True)
    os.makedirs(os.path.join(site, "content"))
    with open(os.path.join(site, "handbook.yaml"), "w") as f:
        f.write("title: Growth\nmax_file_size: 100000000\nhealth:\n  off: [no-upcoming-event, purpose-missing, ground-rules-missing, few-facilitators]\n")
    with open(os.path.join(site, "content/a.md"), "w") as f:
        f.write("---\ntitle: A\n---\n" + body)
    with open(os.path.join(site, "content/b.md"), "w") as f:
        f.write("---\ntitle: B\n---\n## C\n")
    out = site + "-out"
    runs = []
    for _ in range(5):
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        done = subprocess.run([BINARY, "build", "-q", site, "--output", out], capture_output=True, text=True)
        runs.append(time.perf_counter() - started)
        if done.returncode != 0:
            sys.exit(f"the build failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
        if not os.path.exists(os.path.join(out, "a", "index.html")):
            sys.exit("the build wrote no page for the input")
    # The fastest run: noise on this machine only ever adds time.
    return min(runs)


# Below this, the time a shape adds is too small to tell growth from noise: 5 ms for the
# largest input is 5 ns a byte, far from quadratic whatever its shape.
MEASURABLE = 0.005


def verdict(sizes, times):
    """How time grows with size: the exponent k of time ~ size^k between the smallest and the
    largest input (1 is linear, 2 quadratic), or None when the largest takes too little
    time to measure. Fails (returns the reason) above 1.5: clearly worse than linear."""
    if times[-1] < MEASURABLE:
        return None, None
    first = max(times[0], MEASURABLE / 8)
    exponent = math.log(times[-1] / first) / math.log(sizes[-1] / sizes[0])
    if exponent > 1.5:
        return exponent, f"time grows as size^{exponent:.2f}"
    return exponent, None


def self_test():
    """The verdict must fail on a quadratic and pass a linear and an unmeasurably fast one."""
    sizes = [250_000, 500_000, 1_000_000, 2_000_000]
    assert verdict(sizes, [0.01, 0.04, 0.16, 0.64])[1], "quadratic passed"
    assert verdict(sizes, [0.02, 0.05, 0.2, 1.6])[1], "worse than linear passed"
    assert verdict(sizes, [0.01, 0.02, 0.04, 0.08])[1] is None, "linear failed"
    assert verdict(sizes, [0.0, 0.0001, 0.0, 0.0002]) == (None, None)
    print("growth verdict: self-test passed")


def main():
    if "--self-test" in sys.argv:
        return self_test()
    if not os.path.exists(BINARY):
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=ROOT, check=True)
    base = time_build("x")
    sizes = [250_000, 500_000, 1_000_000, 2_000_000]
    failures = []
    for name, make in SHAPES.items():
        times = [max(0.0, time_build(make(n)) - base) for n in sizes]
        exponent, failure = verdict(sizes, times)
        shown = " ".join(f"{t * 1000:6.1f} ms" for t in times)
        if exponent is None:
            print(f"  {name:<15} {shown}   under {MEASURABLE * 1000:.0f} ms at 2 MB: flat")
        else:
            print(f"  {name:<15} {shown}   time ~ size^{exponent:.2f}")
        if failure:
            failures.append(f"{name}: {failure}")
    if failures:
        sys.exit("time grows faster than the input:\n  " + "\n  ".join(failures))
    print("time per byte stays flat (no shape grows faster than size^1.5)")


if __name__ == "__main__":
    main()
