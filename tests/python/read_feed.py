"""Reads one Atom feed with feedparser and prints what it found as JSON.

    python read_feed.py FEED_FILE
"""
import json
import pathlib
import sys

import feedparser

feed = feedparser.parse(pathlib.Path(sys.argv[1]).read_bytes())
print(json.dumps({
    "bozo": bool(feed.bozo),
    "bozo_exception": str(feed.get("bozo_exception", "")),
    "title": feed.feed.get("title"),
    "self": [l.href for l in feed.feed.get("links", []) if l.rel == "self"],
    "entries": [
        {"title": e.title, "link": e.link, "id": e.id, "updated": e.updated,
         "summary": e.get("summary", "")}
        for e in feed.entries
    ],
}))
