#!/usr/bin/env python3
"""chart_test.py - the demo page of chart.h, as a browser and a validator see it.

usage: chart_test.py CHART_DEMO OUTDIR TIDY CHROMIUM

Runs CHART_DEMO to write OUTDIR/page.html (every kind of chart, with gaps,
a goal line, hostile and CJK labels) and OUTDIR/inputs.json (the numbers
it drew), then checks:
  - the page is well-formed XML and valid UTF-8, with nothing active or
    fetched in it (no script, no on* attribute, no URL but url(#local));
  - each <svg> is role="img" with a viewBox and a <title> and <desc> that
    its aria-labelledby names, and holds as many lines, markers, bars,
    segments and target ticks as the inputs call for; hostile labels show
    as text; the tables hold the same numbers;
  - Debian's tidy finds no error and no warning but one it gets wrong;
  - headless Chromium lays it out at 1920 and 390 px wide without
    horizontal overflow, with no SVG text clipped by its viewBox and no
    two labels overlapping (real font metrics, from getBBox());
  - screenshots at 1920x1080 and 390x844 are not blank and show the
    palette's colours (kept in OUTDIR for people to look at);
  - printed to PDF (A4), the page takes at most 2 pages.
Every outside program runs under timeout(1). Prints "ok NAME" or
"FAIL NAME: why" per check and "chart: N passed, M failed"; exits 1 if
any check failed, 77 (skipped) when tidy or Chromium is missing.
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser  # noqa: E402

DEMO, OUT, TIDY, CHROMIUM = sys.argv[1:5]
if not TIDY or not CHROMIUM:
    print("SKIP: tidy or chromium not installed")
    sys.exit(77)
PAGE = os.path.join(OUT, "page.html")
INPUTS = os.path.join(OUT, "inputs.json")
HOSTILE = "<script>alert(1)</script>"
PALETTE = ["0072B2", "D55E00", "009E73", "CC79A7"]  # the first four

results = []
check = browser.checker(results)


# ---- the page ----

os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    os.remove(os.path.join(OUT, f))
p = browser.run([DEMO, PAGE, INPUTS], 30)
if p.returncode != 0:
    print("FAIL chart_demo: rc %d: %s" % (p.returncode, p.stderr.decode()))
    print("chart: 0 passed, 1 failed")
    sys.exit(1)
RAW = open(PAGE, "rb").read()
INP = json.load(open(INPUTS))
TEXT = RAW.decode("utf-8", errors="replace")
DOC = None


def runs(values):
    """Runs of 2 or more consecutive values: the paths of a line."""
    n = length = 0
    for v in values + [None]:
        if v is None:
            n += length >= 2
            length = 0
        else:
            length += 1
    return n


def svg(chart_id):
    for s in DOC.iter("svg"):
        t = s.find("title")
        if t is not None and t.get("id") == chart_id + "-title":
            return s
    raise AssertionError("no svg for chart %r" % chart_id)


def of_class(el, tag, cls):
    return [e for e in el.iter(tag) if e.get("class") == cls]


def text(el):
    return "".join(el.itertext())


@check
def page_is_valid_utf8_without_hidden_characters():
    RAW.decode("utf-8")  # raises on invalid UTF-8
    bad = re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                     "\ufffe\uffff]", TEXT)
    assert not bad, "hidden characters reach the page: %r" % bad[:5]
    assert "\ufffd" in TEXT, "the demo's bad bytes should show as U+FFFD"


@check
def page_is_well_formed_xml():
    global DOC
    try:
        DOC = ET.fromstring(RAW)
    except ET.ParseError as e:
        raise AssertionError("not well-formed: %s" % e)
    assert DOC.tag == "html" and DOC.get("lang") == "en"


@check
def nothing_active_or_fetched():
    assert DOC is not None
    for el in DOC.iter():
        tag = el.tag.lower()
        assert tag not in ("script", "iframe", "object", "embed", "img",
                           "link", "foreignobject", "image", "use", "a",
                           "base", "form"), "element <%s>" % tag
        for name, value in el.attrib.items():
            n = name.lower()
            assert not n.startswith("on"), "attribute %s on <%s>" % (name, tag)
            assert n not in ("href", "src", "srcset", "action") and \
                not n.endswith("}href"), "attribute %s" % name
            assert "javascript:" not in value.lower(), "javascript: URL"
    assert not re.search(r"https?:|//[a-z]", TEXT, re.I), "a URL in the page"
    for m in re.finditer(r"url\(([^)]*)\)", TEXT):
        assert m.group(1).startswith("#"), "url(%s)" % m.group(1)
    assert "@import" not in TEXT and "@font-face" not in TEXT


@check
def every_svg_is_labelled_and_scales():
    assert DOC is not None
    svgs = list(DOC.iter("svg"))
    assert len(svgs) == 4, "%d svgs" % len(svgs)
    ids = [e.get("id") for e in DOC.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for s in svgs:
        assert s.get("role") == "img"
        assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", s.get("viewBox"))
        assert s.get("width") == "100%"
        t, d = s.get("aria-labelledby").split()
        kids = {c.get("id"): c for c in s}
        assert kids[t].tag == "title" and text(kids[t]).strip(), t
        assert kids[d].tag == "desc" and text(kids[d]).strip(), d


@check
def line_charts_hold_their_lines_markers_and_goal():
    for cid, spec in INP["line"].items():
        s = svg(cid)
        series = spec["values"]
        paths = of_class(s, "path", "line")
        want = sum(runs(v) for v in series)
        assert len(paths) == want, "%s: %d line paths, want %d" % (
            cid, len(paths), want)
        marks = of_class(s, "path", "mark")
        want = sum(v is not None for vs in series for v in vs) + len(series)
        assert len(marks) == want, "%s: %d markers, want %d (with keys)" % (
            cid, len(marks), want)
        assert len(of_class(s, "path", "goal")) == int(spec["goal"])
        dashes = {p.get("stroke-dasharray") for p in paths}
        colours = {p.get("stroke") for p in paths}
        assert len(colours) == len([v for v in series if runs(v)]), colours
        assert len(dashes) == len(colours), "dash patterns %s" % dashes


@check
def bar_chart_holds_its_bars_and_targets():
    for cid, spec in INP["bars"].items():
        s = svg(cid)
        want = sum(v is not None for vs in spec["values"] for v in vs)
        assert len(of_class(s, "rect", "bar")) == want
        want = sum(v is not None for v in spec["targets"][0])
        assert len(of_class(s, "path", "target")) == want
        assert "logarithmic" in text(s.find("desc")), "15m..1d: log scale"


@check
def stacked_chart_holds_its_segments_and_totals():
    for cid, spec in INP["stacked"].items():
        s = svg(cid)
        vals = spec["values"]
        want = sum(v is not None and v > 0 for vs in vals for v in vs)
        assert len(of_class(s, "rect", "seg")) == want
        totals = [float(text(t)) for t in of_class(s, "text", "total")]
        sums = [sum(vs[i] or 0 for vs in vals) for i in range(len(vals[0]))]
        assert totals == sums, "totals %s, sums %s" % (totals, sums)


@check
def hostile_labels_show_as_text():
    assert DOC is not None
    shown = [text(e) for e in DOC.iter() if text(e) == HOSTILE]
    # the legend's text and the table's header; h1 holds it among more
    assert len(shown) >= 2, "%r shown %d times" % (HOSTILE, len(shown))
    assert HOSTILE in text(DOC.find("body/h1"))
    assert "株式会社テスト" in TEXT


@check
def tables_hold_the_numbers():
    assert DOC is not None
    tables = list(DOC.iter("table"))
    assert len(tables) == 3, "%d tables" % len(tables)
    cells = {}
    for t in tables:
        rows = t.findall("tbody/tr")
        cells[text(t.find("caption"))] = [
            [text(c) for c in r] for r in rows]
    weekly = next(v for k, v in cells.items() if k.startswith("Met %"))
    for i, row in enumerate(weekly):
        for k, vs in enumerate(INP["line"]["weekly"]["values"]):
            v = vs[i]
            want = "\u2013" if v is None else "%g%%" % v
            assert row[1 + k] == want, "weekly %d,%d: %r" % (i, k, row[1 + k])
    breaches = next(v for k, v in cells.items() if k.startswith("Breaches"))
    vals = INP["stacked"]["breaches"]["values"]
    for i, row in enumerate(breaches):
        assert float(row[-1]) == sum(vs[i] for vs in vals)


@check
def tidy_finds_no_error():
    assert TIDY, "tidy not found"
    msgs = browser.tidy_messages(TIDY, PAGE)
    assert not msgs, "tidy:\n" + "\n".join(msgs)


def screenshot(width, height):
    shot = os.path.join(OUT, "page-%dx%d.png" % (width, height))
    browser.screenshot(CHROMIUM, PAGE, shot, width, height, PALETTE)


@check
def screenshot_1920x1080_is_drawn():
    assert CHROMIUM, "chromium not found"
    screenshot(1920, 1080)


@check
def screenshot_390x844_is_drawn():
    assert CHROMIUM, "chromium not found"
    screenshot(390, 844)


LAYOUT = {}


def no_overflow(width, height):
    assert CHROMIUM, "chromium not found"
    got = LAYOUT[width] = browser.layout(CHROMIUM, PAGE, width, height)
    browser.no_overflow(got)


@check
def no_horizontal_overflow_at_1920():
    no_overflow(1920, 1080)


@check
def no_horizontal_overflow_at_390():
    no_overflow(390, 844)


@check
def svg_text_is_neither_clipped_nor_overlapping():
    assert 390 in LAYOUT, "no layout"
    browser.svg_text_fits(LAYOUT[390])


@check
def prints_on_at_most_two_a4_pages():
    assert CHROMIUM, "chromium not found"
    pages = browser.pdf_pages(CHROMIUM, PAGE, os.path.join(OUT, "page.pdf"))
    assert 1 <= pages <= 2, "%d pages" % pages


sys.exit(browser.finish(results, OUT))
