#!/usr/bin/env python3
"""report_html_test.py - `cases report --format html` as a browser, a
validator and a printer see it.

usage: report_html_test.py CASES OUTDIR TIDY CHROMIUM

Imports a November of cases (three accounts, one named with markup) into
OUTDIR/cases.db, works out from `cases export` and the report's rules
(docs/formats.md 7, written again here) what the page must say, then
checks the page `cases report --format html --by account --goal 95` makes
for November in Europe/Berlin:
  - well-formed XML, nothing active or fetched, tidy finds no error;
  - Chromium's DOM holds three figures, the compliance table equal to
    `report --format json`, the met % of each group on each day as worked
    out here, every breached case (number, id, account, severity,
    subject, times), names and subjects with markup as text and no
    script element;
  - screenshots at 1920x1080 and 390x844 are not blank, with no console
    message; nothing overflows the viewport; no SVG text is clipped or
    overlaps another;
  - printed to PDF: A4, at most 3 pages;
  - over October and November the compliance is per week (from Monday)
    and a week's met % is the one worked out here.
Screenshots, PDF and pages stay in OUTDIR. Prints "ok NAME" or "FAIL
NAME: why" per check and "chart: N passed, M failed"; exits 1 if any
check failed, 77 (skipped) when tidy or Chromium is missing.
"""
import datetime
import json
import os
import random
import re
import sys
import xml.etree.ElementTree as ET
import zoneinfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser  # noqa: E402

CASES, OUT, TIDY, CHROMIUM = sys.argv[1:5]
if not TIDY or not CHROMIUM:
    print("SKIP: tidy or chromium not installed")
    sys.exit(77)
HOSTILE = "<script>alert(1)</script> & Co"
ACCOUNTS = [("acme", "business"), (HOSTILE, "enterprise"),
            ("Ünïcode Café", "business")]
TARGET = {"general": 86400, "system-impaired": 43200,
          "prod-impaired": 14400, "prod-down": 3600,
          "business-critical": 900}
SEVS = {"business": ["general", "system-impaired", "prod-impaired",
                     "prod-down"],
        "enterprise": list(TARGET)}
ZONE = zoneinfo.ZoneInfo("Europe/Berlin")
AT = "2026-12-01T06:00:00Z"
DB = os.path.join(OUT, "cases.db")
ENV = dict(os.environ, TZ="Europe/Berlin", CASES_DB=DB)
ENV.pop("CASES_NOW", None)
PALETTE = ["0072B2", "D55E00"]

results = []
check = browser.checker(results)


def cases(*args, stdin=None):
    p = browser.run([CASES] + list(args), 30, env=ENV, input=stdin)
    assert p.returncode == 0, "cases %s: rc %d: %s" % (
        " ".join(args), p.returncode, p.stderr.decode())
    return p.stdout.decode()


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def utc(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc)


# ---- the data: 3 cases a day per account, from 31 Oct to 1 Dec ----

def make_cases():
    rnd = random.Random(17)
    start = datetime.datetime(2026, 10, 31, 8, tzinfo=datetime.timezone.utc)
    lines = []
    for day in range(32):
        for k in range(3):
            for a, (name, plan) in enumerate(ACCOUNTS):
                opened = start + datetime.timedelta(
                    days=day, hours=3 * k + a, minutes=rnd.randrange(60))
                sev = rnd.choice(SEVS[plan])
                tgt = TARGET[sev]
                rec = {"account": name, "severity": sev,
                       "opened_at": iso(opened),
                       "subject": "case %d <script>alert(%d)</script>" % (
                           day, k)}
                r = rnd.random()
                if r < 0.72:  # met
                    rec["first_response_at"] = iso(opened + datetime.timedelta(
                        seconds=int(tgt * rnd.uniform(0.05, 1.0))))
                elif r < 0.84:  # answered late
                    rec["first_response_at"] = iso(opened + datetime.timedelta(
                        seconds=int(tgt * rnd.uniform(1.01, 3))))
                elif r < 0.90:  # resolved unanswered, in time or late
                    rec["resolved_at"] = iso(opened + datetime.timedelta(
                        seconds=int(tgt * rnd.uniform(0.2, 2))))
                # else: open, unanswered: pending or overdue at AT
                lines.append((opened, rec))
    lines.sort(key=lambda x: x[0])
    return "".join(json.dumps(r) + "\n" for _, r in lines)


def outcome(c, at):
    """docs/formats.md 7, rule 3."""
    due = c["due_at"] and utc(c["due_at"])
    if not due:
        return "untargeted"
    if c["breached_at"]:
        return "breached"
    if c["first_response_at"]:
        return "met" if utc(c["first_response_at"]) <= due else "breached"
    if c["resolved_at"]:
        return "breached" if utc(c["resolved_at"]) > due else "neither"
    return "breached" if at > due else "pending"


def local_day(s):
    return utc(s).astimezone(ZONE).date()


def pct(met, breached):
    """compliance_pct as chart.h prints it: truncated to one decimal."""
    if met + breached == 0:
        return "\u2013"
    tenths = met * 1000 // (met + breached)
    return ("%.2f" % (tenths / 10)).rstrip("0").rstrip(".") + "%"


os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    os.remove(os.path.join(OUT, f))
try:
    for name, plan in ACCOUNTS:
        cases("account", "add", name, "--plan", plan)
    cases("import", "-", stdin=make_cases().encode())
    # Numbers are the rowids: import order, which is opening order here.
    EXPORT = [json.loads(l) for l in cases("export").splitlines()]
    for i, c in enumerate(EXPORT):
        c["number"] = i + 1
    PERIOD = ["--since", "2026-11-01 00:00", "--until", "2026-12-01 00:00",
              "--by", "account", "--at", AT]
    JSON = json.loads(cases("report", "--format", "json", *PERIOD))
    PAGE = os.path.join(OUT, "november.html")
    with open(PAGE, "w") as f:
        f.write(cases("report", "--format", "html", "--goal", "95",
                      *PERIOD))
    WEEKLY = os.path.join(OUT, "weekly.html")
    with open(WEEKLY, "w") as f:
        f.write(cases("report", "--format", "html", "--by", "account",
                      "--since", "2026-10-01 00:00",
                      "--until", "2026-12-01 00:00", "--at", AT))
except AssertionError as e:
    print("FAIL setup: %s" % e)
    print("chart: 0 passed, 1 failed")
    sys.exit(1)

NOV = [c for c in EXPORT
       if datetime.date(2026, 11, 1) <= local_day(c["opened_at"])
       < datetime.date(2026, 12, 1)]
for c in NOV:
    c["outcome"] = outcome(c, utc(AT))
RAW = open(PAGE, "rb").read()
TEXT = RAW.decode("utf-8")
LAYOUT = {}


def got(width):
    if width not in LAYOUT:
        LAYOUT[width] = browser.layout(CHROMIUM, PAGE, width,
                                       1080 if width > 1000 else 844)
    return LAYOUT[width]


def table(g, pred):
    ts = [t for t in g["tables"] if pred(t)]
    assert len(ts) == 1, "%d tables match" % len(ts)
    return ts[0]


@check
def the_data_covers_every_rule():
    kinds = {c["outcome"] for c in NOV}
    assert kinds >= {"met", "breached", "neither", "pending"}, kinds
    assert len({c["account"] for c in NOV}) == 3
    assert len(NOV) == 270, "%d cases in November" % len(NOV)


@check
def page_is_well_formed_and_inert():
    doc = ET.fromstring(RAW)
    assert doc.tag == "html"
    for el in doc.iter():
        tag = el.tag.lower()
        assert tag not in ("script", "iframe", "object", "embed", "img",
                           "link", "image", "use", "a", "base",
                           "form"), "element <%s>" % tag
        for name in el.attrib:
            assert not name.lower().startswith("on"), name
            assert name.lower() not in ("href", "src", "srcset", "action")
    assert not re.search(r"https?:|//[a-z]", TEXT, re.I), "a URL"
    svgs = list(doc.iter("svg"))
    assert len(svgs) == 3, "%d svgs" % len(svgs)
    for s in svgs:
        assert s.get("role") == "img"
        kids = [c.tag for c in s]
        assert "title" in kids and "desc" in kids, kids
    goal = [e for e in doc.iter("path") if e.get("class") == "goal"]
    assert len(goal) == 1, "%d goal lines" % len(goal)


@check
def tidy_finds_no_error():
    msgs = browser.tidy_messages(TIDY, PAGE)
    assert not msgs, "tidy:\n" + "\n".join(msgs)
    msgs = browser.tidy_messages(TIDY, WEEKLY)
    assert not msgs, "tidy (weekly):\n" + "\n".join(msgs)


@check
def compliance_table_is_the_json_report():
    g = got(1920)
    t = table(g, lambda t: t["id"] == "compliance")
    assert len(t["rows"]) == len(JSON) == 4, t["rows"]
    for row, j in zip(t["rows"], JSON):
        want = [j["group"] if j["group"] is not None else "(no account)",
                str(j["opened"]), str(j["responded"]), str(j["met"]),
                str(j["breached"]), str(j["pending"]),
                "\u2013" if j["compliance_pct"] is None
                else "%.1f" % j["compliance_pct"]]
        assert row[:7] == want, "%r, json %r" % (row[:7], want)
    # and the json agrees with the rules worked out here
    total = JSON[-1]
    assert total["opened"] == len(NOV)
    assert total["met"] == sum(c["outcome"] == "met" for c in NOV)
    assert total["breached"] == sum(c["outcome"] == "breached" for c in NOV)


@check
def met_pct_per_day_per_group():
    g = got(1920)
    t = table(g, lambda t: t["caption"].startswith("Met % per day"))
    assert t["head"][0] == "Day", t["head"]
    days = [datetime.date(2026, 11, 1) + datetime.timedelta(days=i)
            for i in range(30)]
    assert [r[0] for r in t["rows"]] == [d.isoformat() for d in days]
    names = t["head"][1:]
    assert sorted(names) == sorted([a for a, _ in ACCOUNTS] + ["all"])
    checked = 0
    for r, d in zip(t["rows"], days):
        for k, name in enumerate(names):
            cs = [c for c in NOV if local_day(c["opened_at"]) == d and
                  (name == "all" or c["account"] == name)]
            met = sum(c["outcome"] == "met" for c in cs)
            br = sum(c["outcome"] == "breached" for c in cs)
            assert r[1 + k] == pct(met, br), "%s %s: %r, want %r" % (
                d, name, r[1 + k], pct(met, br))
            checked += met + br > 0
    assert checked > 60, "only %d values" % checked


@check
def every_breached_case_is_listed():
    g = got(1920)
    t = table(g, lambda t: t["id"] == "breached-cases")
    want = [c for c in NOV if c["outcome"] == "breached"]
    assert len(want) >= 10
    assert t["caption"].startswith("%d breached cases" % len(want))
    assert [int(r[0]) for r in t["rows"]] == [c["number"] for c in want]
    for r, c in zip(t["rows"], want):
        assert r[1:5] == [c["id"][:8], c["account"], c["severity"],
                          c["subject"]], (r, c)
        assert r[5].startswith(utc(c["opened_at"]).astimezone(
            ZONE).strftime("%Y-%m-%d %H:%M")), (r, c)
        if c["first_response_at"]:
            late = utc(c["first_response_at"]) - utc(c["due_at"])
            assert late.total_seconds() > 0
            assert r[7].startswith(utc(c["first_response_at"]).astimezone(
                ZONE).strftime("%Y-%m-%d %H:%M")), (r, c)
        else:
            assert r[7].startswith("none"), r


@check
def markup_in_names_shows_as_text():
    g = got(1920)
    assert g["scripts"] == 0, "%d script elements" % g["scripts"]
    assert HOSTILE in g["body"]
    assert g["figures"] == 3, "%d figures" % g["figures"]
    assert "Europe/Berlin" in g["body"]
    assert "Goal: 95% met." in g["body"]


def shoot(width, height):
    shot = os.path.join(OUT, "report-%dx%d.png" % (width, height))
    log = browser.screenshot(CHROMIUM, PAGE, shot, width, height, PALETTE)
    msgs = browser.console_messages(log)
    assert not msgs, "console: %s" % msgs[:3]


@check
def screenshot_1920x1080_is_drawn():
    shoot(1920, 1080)


@check
def screenshot_390x844_is_drawn():
    shoot(390, 844)


@check
def no_horizontal_overflow_at_1920():
    browser.no_overflow(got(1920))


@check
def no_horizontal_overflow_at_390():
    browser.no_overflow(got(390))


@check
def svg_text_is_neither_clipped_nor_overlapping():
    browser.svg_text_fits(got(390))


@check
def prints_a_month_of_3_groups_on_at_most_3_a4_pages():
    pages = browser.pdf_pages(CHROMIUM, PAGE,
                              os.path.join(OUT, "november.pdf"))
    assert 1 <= pages <= 3, "%d pages" % pages


@check
def two_months_are_drawn_per_week_from_monday():
    g = browser.layout(CHROMIUM, WEEKLY, 1920, 1080)
    t = table(g, lambda t: t["caption"].startswith("Met % per week"))
    assert t["head"][0] == "Week of", t["head"]
    weeks = [r[0] for r in t["rows"]]
    assert weeks[0] == "2026-09-28" and weeks[-1] == "2026-11-30", weeks
    row = t["rows"][weeks.index("2026-11-02")]
    k = t["head"].index("acme")
    mon = datetime.date(2026, 11, 2)
    cs = [c for c in EXPORT if c["account"] == "acme" and
          mon <= local_day(c["opened_at"]) < mon + datetime.timedelta(7)]
    for c in cs:
        c["outcome"] = outcome(c, utc(AT))
    met = sum(c["outcome"] == "met" for c in cs)
    br = sum(c["outcome"] == "breached" for c in cs)
    assert met + br >= 15
    assert row[k] == pct(met, br), "%r, want %r" % (row[k], pct(met, br))
    # the week of 31 Oct (a Saturday) holds its cases, in Berlin days
    row = t["rows"][weeks.index("2026-10-26")]
    assert row[k] != "\u2013", row


sys.exit(browser.finish(results, OUT))
