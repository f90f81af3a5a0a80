#!/usr/bin/env python3
"""Benchmarks for handbook, run by hand (not in CI, not a timed test).

    python3 benches/bench.py build 1000 10000        # full builds: median time, peak memory
    python3 benches/bench.py preview 1000 10000      # save one page -> new page served
    python3 benches/bench.py corpus 1000 /dev/shm/x  # just write a corpus
    python3 benches/bench.py git 10000               # the same site with and without a git
                                                     # history of as many commits as pages

SHAPE=flat|deep|events|long (or SHAPE=all for each in turn) picks the corpus's shape; each
shape reports its own figures, and a change is judged on all of them:
    flat    sections of 250 pages, a vocabulary of about 40 words (the first benchmark)
    deep    folders three and four levels deep with an `_index.md` in each and at most 40
            pages a leaf folder; 600-1,500 words a page from several hundred words with
            punctuation; relative links across the tree, some to headings; a table on most
            pages, a code block on a quarter; 3-4 tags a page; events among the pages
    events  half the pages events, a third of them recurring with skips and moved dates
    long    one page in a hundred of 20,000 words, the rest of 50-150 words

Corpora are deterministic handbook-like sites in our format (every kind; about 10 KB of
Markdown a page; sections of 250 pages) written under /dev/shm, because this machine's disk
is ten times noisier than the work. Each figure is the median of several runs; compare
figures measured side by side in one run, as ratios.
"""
import datetime
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("HANDBOOK", os.path.join(ROOT, "target/release/handbook"))
SHM = "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp"
WORDS = ("group member role event facilitator purpose rules data call meet share learn practice "
         "community keeper reporter steward publish open question answer agenda domain wants offers "
         "interview magnet content start step register invite define quality licence notes").split()


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def body(rng, links):
    parts = []
    for i in range(7):
        parts.append(f"## {words(rng, 3).capitalize()} {{#section-{i}}}\n")
        parts.append(words(rng, 160).capitalize() + ".\n")
        parts.append(f"- {words(rng, 8)}\n- {words(rng, 8)} [see]({rng.choice(links)})\n- {words(rng, 8)}\n")
    parts.append("| a | b |\n|---|---|\n| " + words(rng, 2) + " | " + words(rng, 2) + " |\n")
    return "\n".join(parts)


def corpus(n, root, shape=None):
    """Writes a site of about n pages to root, in the shape SHAPE names (default flat)."""
    shape = shape or os.environ.get("SHAPE", "flat")
    if shape != "flat":
        return SHAPES[shape](n, root)
    rng = random.Random(n)
    if os.path.exists(root):
        shutil.rmtree(root)
    content = os.path.join(root, "content")
    os.makedirs(content)
    with open(os.path.join(root, "handbook.yaml"), "w") as f:
        f.write("title: Benchmark Handbook\nbase_url: https://org.github.io/bench/\ntimezone: Europe/London\n"
                "health:\n  off: [person-no-role, role-unheld, review-due]\n")
    def write(rel, text):
        path = os.path.join(content, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    write("index.md", "---\ntitle: Home\n---\n" + words(rng, 80) + "\n")
    write("purpose.md", "---\ntitle: Purpose\nfor: benchmarks\nwho: builders\nto: measure\n"
          "organisation_goals: [speed]\nmember_goals: [speed]\n---\n" + words(rng, 200) + "\n")
    write("ground-rules.md", "---\ntitle: Ground rules\nrules: [Be kind]\nreporting: Tell the keeper.\n---\n" + words(rng, 200) + "\n")
    people = max(3, n // 100)
    for p in range(people):
        write(f"people/person-{p}.md", f"---\nname: Person {p}\n---\n{words(rng, 60)}\n")
    roles = max(1, n // 100)
    for r in range(roles):
        slug = "facilitator" if r == 0 else f"role-{r}"
        holders = ", ".join(f"person-{(r * 3 + k) % people}" for k in range(3))
        write(f"roles/{slug}.md", f"---\ntitle: Role {r}\nholders: [{holders}]\nsummary: {words(rng, 8)}\n---\n{body(rng, ['../purpose.md'])}")
    steps = max(1, n // 100)
    for s in range(steps):
        write(f"start-up/step-{s}.md", f"---\ntitle: Step {s}\norder: {s + 1}\nchecklist: [{words(rng, 3)}]\n---\n{body(rng, ['../purpose.md'])}")
    events = max(1, n // 50)
    for e in range(events):
        rec = "recurrence: monthly on the first Thursday\n" if e % 10 == 0 else ""
        write(f"events/event-{e}.md", f"---\ntitle: Event {e}\nstart: 2027-{e % 12 + 1:02d}-{e % 27 + 1:02d}T19:00\n"
              f"duration: 1h\nonline: https://meet.example.org/{e}\n{rec}---\n{words(rng, 120)}\n")
    made = 3 + people + roles + steps + events
    sections = max(1, (n - made) // 250)
    i = 0
    while made < n:
        s = i % sections
        links = ["../../purpose.md", f"page-{max(0, i - sections)}.md#section-1" if i >= sections else "../../purpose.md"]
        write(f"guides/section-{s}/page-{i}.md", f"---\ntitle: Guide page {i}\nweight: {i}\n---\n{body(rng, links)}")
        i += 1
        made += 1
    return made



def syllable_words(rng, count):
    """A vocabulary of made-up words of one to four syllables, none of them ours."""
    syllables = ["ka", "ri", "mo", "sen", "tal", "vor", "ne", "qui", "dra", "lu", "pes", "zon",
                 "bre", "fi", "gar", "ho", "ist", "ju", "lem", "nar", "op", "ret", "sul", "tor"]
    vocab = set()
    while len(vocab) < count:
        vocab.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
    return sorted(vocab)


def sentence(rng, vocab):
    n = rng.randint(6, 22)
    text = " ".join(rng.choice(vocab) for _ in range(n))
    if rng.random() < 0.3:
        i = text.find(" ", len(text) // 2)
        text = text[:i] + "," + text[i:] if i > 0 else text
    if rng.random() < 0.1:
        text = f'"{text}"'
    return text.capitalize() + rng.choice([".", ".", ".", "?", "!", ";"])


def github_id(text):
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def write_site(root, config, files):
    if os.path.exists(root):
        shutil.rmtree(root)
    for rel, text in [("handbook.yaml", config)] + files:
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    return len(files)


CONFIG = ("title: Benchmark Handbook\nbase_url: https://org.github.io/bench/\ntimezone: Europe/London\n"
          "health:\n  off: [person-no-role, role-unheld, review-due, no-upcoming-event, event-no-place]\n")


def deep(n, root):
    """The varied shape: a deep tree, real-looking prose, links across the tree."""
    rng = random.Random(n * 7 + 1)
    vocab = syllable_words(rng, 600)
    # Leaf folders of at most 40 pages, three or four levels down, each with an `_index.md`.
    # A handbook's tree: a few top sections, each branching a few ways at each level.
    level_names = [rng.sample(vocab, k) for k in (8, 6, 5, 4)]
    leaves = []
    while len(leaves) * 30 < n:
        k = len(leaves)
        depth = 3 + k % 2
        path = [level_names[d][(k // [1, 8, 48, 240][d]) % len(level_names[d])] for d in range(depth)]
        leaves.append("/".join(path) + (f"-{k // 960}" if k >= 960 else ""))
    pages = []
    for i in range(n - 1):
        leaf = leaves[i % len(leaves)]
        headings = [" ".join(rng.choice(vocab) for _ in range(rng.randint(2, 5))).capitalize() for _ in range(rng.randint(3, 7))]
        pages.append((f"{leaf}/page-{i}.md", headings))
    files = [("content/index.md", "---\ntitle: Home\n---\n" + sentence(rng, vocab) + "\n")]
    folders = set()
    for rel, _ in pages:
        parts = rel.split("/")[:-1]
        for d in range(1, len(parts) + 1):
            folders.add("/".join(parts[:d]))
    for folder in sorted(folders):
        files.append((f"content/{folder}/_index.md", f"---\ntitle: {folder.rsplit('/', 1)[-1].capitalize()}\n---\n{sentence(rng, vocab)}\n"))
    for i, (rel, headings) in enumerate(pages):
        here = os.path.dirname(rel)
        out = ["---", f"title: {' '.join(rng.choice(vocab) for _ in range(3)).capitalize()}",
               f"description: {json.dumps(sentence(rng, vocab))}",
               f"tags: [{', '.join(rng.sample(vocab[:60], rng.randint(3, 4)))}]"]
        if i % 50 == 7:
            out = ["---", f"title: Meeting {i}", f"kind: event", f"start: 2027-{i % 12 + 1:02d}-{i % 27 + 1:02d}T18:30",
                   "duration: 90m", "location: The library"]
        out.append("---")
        words_left = rng.randint(600, 1500)
        for h in headings:
            out.append(f"\n## {h}\n")
            para = []
            while words_left > 0 and len(para) < rng.randint(3, 8):
                s = sentence(rng, vocab)
                para.append(s)
                words_left -= s.count(" ") + 1
            for _ in range(rng.randint(0, 2)):
                target, target_headings = pages[rng.randrange(len(pages))]
                link = os.path.relpath(target, here)
                if rng.random() < 0.4:
                    link += "#" + github_id(rng.choice(target_headings))
                para.append(f"See [{rng.choice(vocab)}]({link}).")
            out.append(" ".join(para))
        if rng.random() < 0.75:
            out.append("\n| " + " | ".join(rng.sample(vocab, 3)) + " |\n|---|---|---|")
            for _ in range(rng.randint(2, 6)):
                out.append("| " + " | ".join(rng.sample(vocab, 3)) + " |")
        if rng.random() < 0.25:
            out.append("\n```yaml\n" + "\n".join(f"{rng.choice(vocab)}: {rng.randint(1, 99)}" for _ in range(rng.randint(3, 12))) + "\n```")
        files.append((f"content/{rel}", "\n".join(out) + "\n"))
    return write_site(root, CONFIG, files)


def first_thursday(year, month):
    """The first Thursday of a month, counting on past December into the next years."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    day = datetime.date(year, month, 1)
    return day + datetime.timedelta(days=(3 - day.weekday()) % 7)


def events_shape(n, root):
    """Half the pages events, a third of those recurring, with skips and moved dates."""
    rng = random.Random(n * 11 + 3)
    files = [("content/index.md", "---\ntitle: Home\n---\nWelcome.\n")]
    for i in range(n // 2):
        lines = ["---", f"title: Event {i}", f"start: 2027-{i % 12 + 1:02d}-{i % 27 + 1:02d}T19:00",
                 "duration: 1h", "location: Hall " + str(i % 9)]
        if i % 3 == 0:
            skip, moved = first_thursday(2027, i % 12 + 4), first_thursday(2027, i % 12 + 6)
            lines += ["recurrence:", "  every: month", "  on: first Thursday", "  count: 24",
                      f"  skip: [{skip}]", "  changes:", f"    - date: {moved}",
                      f"      start: {moved + datetime.timedelta(days=1)}T19:00"]
        files.append((f"content/events/group-{i % 20}/event-{i}.md", "\n".join(lines) + "\n---\n" + words(rng, 120) + "\n"))
    for i in range(n - 1 - n // 2):
        files.append((f"content/notes/section-{i % 40}/note-{i}.md", f"---\ntitle: Note {i}\n---\n{body(rng, ['../../index.md'])}"))
    return write_site(root, CONFIG, files)


def long_shape(n, root):
    """One page in a hundred of 20,000 words, the rest short."""
    rng = random.Random(n * 13 + 5)
    files = [("content/index.md", "---\ntitle: Home\n---\nWelcome.\n")]
    for i in range(n - 1):
        size = 20000 if i % 100 == 0 else rng.randint(50, 150)
        text = "\n\n".join(words(rng, 200) for _ in range(size // 200)) or words(rng, size)
        files.append((f"content/part-{i % 25}/page-{i}.md", f"---\ntitle: Page {i}\n---\n## Start\n\n{text}\n"))
    return write_site(root, CONFIG, files)


SHAPES = {"deep": deep, "events": events_shape, "long": long_shape}

def peak_run(args):
    """Runs a command, returns (seconds, peak RSS in MB)."""
    started = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + args, capture_output=True, text=True)
    took = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{proc.stderr[-2000:]}")
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    return took, peak_kb / 1024


def timed_run(args):
    """Runs a command, returns seconds."""
    started = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True)
    took = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{proc.stderr[-2000:]}")
    return took


def bench_build(sizes, runs=5):
    results = {}
    for n in sizes:
        site = os.path.join(SHM, f"handbook-bench-{n}")
        corpus(n, site)
        out = os.path.join(SHM, f"handbook-bench-{n}-out")
        shutil.rmtree(out, ignore_errors=True)
        times, peaks = [], []
        for _ in range(runs):
            # A full build each time: without the last output, nothing can be skipped.
            shutil.rmtree(out, ignore_errors=True)
            took, peak = peak_run([BINARY, "build", "-q", site, "--output", out])
            times.append(took)
            peaks.append(peak)
        copy = time.perf_counter()
        shutil.copytree(os.path.join(site, "content"), out + "-copy", dirs_exist_ok=True)
        copy = time.perf_counter() - copy
        shutil.rmtree(out + "-copy")
        # Timed without /usr/bin/time, whose own start-up is a large part of a few milliseconds.
        noop = statistics.median(timed_run([BINARY, "build", "-q", site, "--output", out]) for _ in range(runs))
        results[n] = {"median_s": statistics.median(times), "peak_mb": max(peaks), "copy_s": copy, "noop_s": noop}
        line = (f"build {n:>6} pages: median {statistics.median(times):.3f} s over {runs} runs (min {min(times):.3f}), "
                f"{n / statistics.median(times):.0f} pages/s, peak {max(peaks):.0f} MB; no-op rebuild {noop * 1000:.0f} ms "
                f"({noop / statistics.median(times):.2f} of a build); copying the content takes {copy:.3f} s")
        if shutil.which("hugo") and os.environ.get("HUGO", "1") != "0":
            root = hugo_site(site)
            hugo = []
            for _ in range(3):
                shutil.rmtree(os.path.join(root, "public"), ignore_errors=True)
                hugo.append(peak_run(["hugo", "--quiet", "-s", root, "-d", os.path.join(root, "public")]))
            h_time = statistics.median(t for t, _ in hugo)
            line += f"; Hugo {h_time:.3f} s, {max(m for _, m in hugo):.0f} MB (handbook x{h_time / statistics.median(times):.1f} faster)"
        print(line)
    # The yardstick is 10,000 pages: 20,000 and 40,000 should take x2 and x4.
    base = 10000 if 10000 in sizes else sizes[0]
    for n in [n for n in sizes if n != base]:
        print(f"  {n} vs {base} pages: time x{results[n]['median_s'] / results[base]['median_s']:.2f}, "
              f"memory x{results[n]['peak_mb'] / results[base]['peak_mb']:.2f} (pages x{n / base:g})")
    return results


HUGO_LAYOUT = {
    "baseof.html": '<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav><aside><ul>{{ range first 21 .CurrentSection.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></aside><main>{{ block "main" . }}{{ end }}</main></body></html>',
    "single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}',
}


def hugo_site(site):
    """The same content as a Hugo site, with layouts like our theme's: a top navigation, a
    bounded section menu, prev/next, a table of contents."""
    root = site + "-hugo"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(os.path.join(site, "content"), os.path.join(root, "content"))
    # In Hugo an index.md makes its folder one page with the rest as resources; _index.md is
    # the home page's list.
    os.rename(os.path.join(root, "content/index.md"), os.path.join(root, "content/_index.md"))
    os.makedirs(os.path.join(root, "layouts/_default"))
    for name, text in HUGO_LAYOUT.items():
        with open(os.path.join(root, "layouts/_default", name), "w") as f:
            f.write(text)
    with open(os.path.join(root, "hugo.toml"), "w") as f:
        f.write('baseURL = "https://org.github.io/bench/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term", "RSS"]\n[markup.goldmark.parser.attribute]\ntitle = true\n')
    return root


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode()


def bench_preview(sizes, saves=15):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    urllib.request.install_opener(opener)
    for n in sizes:
        site = os.path.join(SHM, f"handbook-bench-{n}")
        corpus(n, site)
        port = free_port()
        proc = subprocess.Popen([BINARY, "serve", site, "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = proc.stdout.readline()
            while "Serving" not in line:
                line = proc.stdout.readline()
            url = re.search(r"http://\S+", line).group(0)
            # A page of the corpus, whatever its shape: `page-0.md` (or `note-0.md`) where the
            # walk in sorted order first finds one.
            content = os.path.join(site, "content")
            rel = next(os.path.relpath(os.path.join(d, name), content)
                       for d, _, fs in sorted(os.walk(content))
                       for name in ("page-0.md", "note-0.md") if name in fs)
            target = os.path.join(site, "content", rel)
            original = open(target).read()
            page_url = url + rel[:-len(".md")] + "/"
            samples = []
            for k in range(saves):
                marker = f"Edited {k} {time.time()}"
                temp = target + ".tmp~"
                with open(temp, "w") as f:
                    f.write(original + f"\n{marker}\n")
                started = time.perf_counter()
                os.rename(temp, target)
                while marker not in fetch(page_url):
                    time.sleep(0.002)
                samples.append(time.perf_counter() - started)
                time.sleep(0.15)
            full_runs = []
            for _ in range(3):
                shutil.rmtree(site + "-out", ignore_errors=True)
                full_runs.append(peak_run([BINARY, "build", "-q", site, "--output", site + "-out"])[0])
            full = statistics.median(full_runs)
            med = statistics.median(samples)
            print(f"preview {n:>6} pages: save -> new page served, median {med * 1000:.0f} ms over {saves} saves "
                  f"(min {min(samples) * 1000:.0f}, max {max(samples) * 1000:.0f}); a full build takes {full * 1000:.0f} ms "
                  f"(preview/full = {med / full:.2f})")
        finally:
            proc.terminate()
            proc.wait()


def bench_search(sizes):
    """The search index's size against the site's Markdown, and a query's time in Chromium."""
    for n in sizes:
        site = os.path.join(SHM, f"handbook-bench-{n}")
        corpus(n, site)
        out = site + "-out"
        subprocess.run([BINARY, "build", "-q", site, "--output", out, "--base-url", "/bench/"], check=True)
        text = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(site, "content")) for f in fs)
        index = os.path.getsize(os.path.join(out, "search-index.json"))
        timings = []
        # Queries from the index itself, so that every shape has hits: the commonest word
        # (it matches nearly every page: the slow case), two common words, a prefix of one,
        # and a rare word.
        with open(os.path.join(out, "search-index.json")) as f:
            entries = sorted(json.load(f)["words"], key=lambda w: (-len(w[1]), w[0]))
        common = [w for w, _ in entries if len(w) > 3]
        queries = [common[0], f"{common[1]} {common[2]}", common[3][:3], entries[-1][0]]
        for query in queries:
            run = subprocess.run(["node", os.path.join(ROOT, "tests/browser/search.mjs"), out, "/bench/", query], capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(run.stderr[-2000:])
            timings.append(json.loads(run.stdout)["ms"])
        print(f"search {n:>6} pages: index {index / 1e6:.1f} MB for {text / 1e6:.1f} MB of Markdown ({100 * index / text:.0f}%); "
              f"query in Chromium: median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms over {len(timings)} queries {queries}")


def with_history(site, commits):
    """Puts `site` into a new git repository with `commits` commits, written with
    `git fast-import`: the first adds every file, each later one changes one page (a
    deterministic choice), by one of five authors, a day apart; every 50th renames a page (and the next names it back)."""
    shutil.rmtree(os.path.join(site, ".git"), ignore_errors=True)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null")
    subprocess.run(["git", "init", "-q", "-b", "main", site], check=True, env=env)
    files = []
    for dirpath, _, names in os.walk(site):
        if ".git" in dirpath.split(os.sep):
            continue
        files += [os.path.relpath(os.path.join(dirpath, n), site) for n in names]
    files.sort()
    pages = [f for f in files if f.endswith(".md") and "/_index" not in f and "people/" not in f and "roles/" not in f]
    rng = random.Random(7)
    authors = [("Ada Lovelace", "ada@example.org"), ("Bo Chen", "bo@example.org"), ("Cy Twombly", "cy@example.org"),
               ("Dee Okafor", "dee@example.org"), ("Eve Ng", "eve@example.org")]
    start = 1_700_000_000
    chunks = []

    def blob(data):
        raw = data.encode()
        return f"data {len(raw)}\n".encode() + raw + b"\n"

    def commit(n, lines):
        name, email = authors[n % len(authors)]
        when = start + n * 86400
        message = f"Change {n}"
        head = (f"commit refs/heads/main\ncommitter {name} <{email}> {when} +0000\n").encode() + blob(message)
        chunks.append(head + b"".join(lines) + b"\n")

    texts = {}
    for f in files:
        with open(os.path.join(site, f), encoding="utf-8", errors="replace") as handle:
            texts[f] = handle.read()
    commit(0, [f"M 100644 inline {f}\n".encode() + blob(texts[f]) for f in files])
    moved = None
    for n in range(1, commits):
        # Every 50th commit moves a page away and the next moves it back: the history has
        # renames to follow, and the links of other pages still lead to it at the end.
        if moved:
            commit(n, [f"R {moved[1]} {moved[0]}\n".encode()])
            moved = None
            continue
        page = pages[rng.randrange(len(pages))]
        if n % 50 == 0:
            moved = (page, page[:-3] + f"-{n}.md")
            commit(n, [f"R {moved[0]} {moved[1]}\n".encode()])
            continue
        texts[page] += f"\nEdited in change {n}.\n"
        commit(n, [f"M 100644 inline {page}\n".encode() + blob(texts[page])])
    subprocess.run(["git", "fast-import", "--quiet"], cwd=site, input=b"".join(chunks), check=True, env=env)
    # The work tree as the last commit has it: files renamed since must not stay behind.
    for entry in os.listdir(site):
        if entry != ".git":
            path = os.path.join(site, entry)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=site, check=True, env=env)
    # fast-import's pack chains each tree to its last version; a clone from a host comes
    # packed by `git pack-objects`, as `repack -f` packs it here (GIT_PACK=fast-import keeps
    # fast-import's pack, the slower case for a walk from the newest commit).
    if os.environ.get("GIT_PACK") != "fast-import":
        subprocess.run(["git", "repack", "-a", "-d", "-f", "-q"], cwd=site, check=True, env=env)


def bench_git(sizes, runs=7):
    """The same site built outside git and inside a repository with as many commits as
    pages, alternately: what reading the history adds. "first build" has no
    `.git/handbook` (every commit diffed, as in a fresh CI clone); "later build" has the
    cache of the build before and one new commit that edits a page."""
    for n in sizes:
        plain = os.path.join(SHM, f"handbook-git-{n}-plain")
        repo = os.path.join(SHM, f"handbook-git-{n}-repo")
        corpus(n, plain)
        shutil.rmtree(repo, ignore_errors=True)
        shutil.copytree(plain, repo)
        with_history(repo, n)
        out = os.path.join(SHM, f"handbook-git-{n}-out")
        cache = os.path.join(repo, ".git", "handbook")
        env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
                   GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.org",
                   GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.org")
        page = sorted(p for p in subprocess.run(["git", "ls-files", "content"], cwd=repo, env=env,
                      capture_output=True, text=True, check=True).stdout.split() if "_index" not in p)[0]
        times = {"plain": [], "first": [], "later": []}
        for run in range(runs):
            for kind in times:
                shutil.rmtree(out, ignore_errors=True)
                if kind == "first":
                    shutil.rmtree(cache, ignore_errors=True)
                if kind == "later":
                    with open(os.path.join(repo, page), "a", encoding="utf-8") as handle:
                        handle.write(f"\nEdited by the bench, run {run}.\n")
                    subprocess.run(["git", "commit", "-q", "-am", f"Bench edit {run}"], cwd=repo, env=env, check=True)
                site = plain if kind == "plain" else repo
                times[kind].append(timed_run([BINARY, "build", "-q", site, "--output", out]))
        p, f, l = (statistics.median(times[k]) for k in ("plain", "first", "later"))
        print(f"git {n:>6} pages, {n} commits: outside git {p:.3f} s, first build {f:.3f} s "
              f"(+{(f / p - 1) * 100:.0f}%), later build {l:.3f} s (+{(l / p - 1) * 100:.0f}%), "
              f"medians of {runs} alternating runs")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    what = sys.argv[1]
    if what == "corpus":
        print(corpus(int(sys.argv[2]), sys.argv[3]), "pages")
        return
    if not os.path.exists(BINARY):
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=ROOT, check=True)
    sizes = [int(a) for a in sys.argv[2:]] or [1000, 10000]
    modes = {"build": bench_build, "preview": bench_preview, "search": bench_search, "git": bench_git}
    if what not in modes:
        sys.exit(__doc__)
    if os.environ.get("SHAPE") == "all":
        # Every mode, every shape in turn: a change is judged on all of them.
        for shape in ["flat", "deep", "events", "long"]:
            os.environ["SHAPE"] = shape
            print(f"shape {shape}:")
            modes[what](sizes)
    else:
        modes[what](sizes)


if __name__ == "__main__":
    main()
