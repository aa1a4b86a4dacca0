#!/usr/bin/env python3
"""board_test.py - the live board of `cases serve` (GET /board) as a
browser, a validator and an HTTP client see it.

usage: board_test.py CASES OUTDIR TIDY CHROMIUM

Makes OUTDIR/cases.db with a staff key, a customer key and a queue (cases
overdue, due soon, answered, resolved, one account and one subject with
markup), starts `cases serve` on 127.0.0.1 with an ephemeral port, then:
  - HTTP: no credentials, a wrong secret, an unknown or revoked key are
    401 with WWW-Authenticate: Basic realm="cases"; a customer's key is
    403 with no case in it; POST /board is 405 with Allow; HEAD is 200
    with no body; the headers: a Content-Security-Policy with no
    'unsafe-inline', nosniff, no-store; the page validates with tidy;
    markup in subjects and account names is escaped;
  - headless Chromium, driven over the DevTools protocol (a pipe, no
    port), logs in through the browser's own Basic challenge and renders
    /board at 1920x1080 and 390x844: the counts per severity equal
    `cases queue` and `cases overdue --format json`, the month's
    compliance equals `cases report --format json` for the board's month,
    every overdue case is listed and they come first, the due ones follow
    soonest first; nothing overflows the viewport; no console message or
    CSP violation; the screenshot is not blank and shows the overdue red;
    the countdowns change within 2 s; the subject's <script> ran nothing;
  - with scripts off, the page still has its <meta http-equiv=refresh>;
  - the AWS Support API on POST / still answers (boto3).
Screenshots and the page stay in OUTDIR. Prints "ok NAME" or "FAIL NAME:
why" per check and "board: N passed, M failed"; exits 1 if any check
failed, 77 (skipped) when tidy or Chromium is missing.
"""
import base64
import datetime
import fcntl
import json
import os
import select
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser  # noqa: E402

CASES, OUT, TIDY, CHROMIUM = sys.argv[1:5]
if not TIDY or not CHROMIUM:
    print("SKIP: tidy or chromium not installed")
    sys.exit(77)
os.makedirs(OUT, exist_ok=True)
DB = os.path.join(OUT, "cases.db")
for f in os.listdir(OUT):
    if f.startswith("cases.db") or f.endswith(".png"):
        os.remove(os.path.join(OUT, f))
ENV = dict(os.environ, TZ="UTC", CASES_DB=DB)
ENV.pop("CASES_NOW", None)
HOSTILE_SUBJECT = ('<script>window.__pwned = 1</script>'
                   '<img src="x" onerror="window.__pwned = 2"> & so on')
HOSTILE_ACCOUNT = "<b>Bold</b> & Co"
RED = "b00020"


def cases(*args, check=True):
    p = subprocess.run(["timeout", "-k", "5", "30", CASES] + list(args),
                       capture_output=True, env=ENV, text=True)
    if check and p.returncode != 0:
        raise RuntimeError("cases %s: rc %d: %s" % (" ".join(args),
                                                    p.returncode, p.stderr))
    return p


def iso(t):
    return datetime.datetime.fromtimestamp(
        t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- the database ----

NOW = int(time.time())
cases("account", "add", "acme", "--plan", "enterprise")
cases("account", "add", HOSTILE_ACCOUNT, "--plan", "business")
# (account, severity, opened minutes ago, subject, then): enterprise and
# business targets are wall-clock: business-critical 15m, prod-down 1h,
# prod-impaired 4h, system-impaired 12h, general 24h.
SPEC = [
    ("acme", "business-critical", 75, "database down", None),
    ("acme", "prod-down", 130, HOSTILE_SUBJECT, None),
    (HOSTILE_ACCOUNT, "prod-impaired", 300, "slow pages", None),
    ("acme", "business-critical", 3, "checkout failing", None),
    ("acme", "prod-down", 20, "api errors", None),
    (HOSTILE_ACCOUNT, "general", 60, "invoice question", None),
    ("acme", "system-impaired", 30, "answered in time", "respond"),
    ("acme", "prod-down", 200, "answered late", "respond-late"),
    (HOSTILE_ACCOUNT, "general", 100, "done", "resolve"),
]
NUM = {}
for i, (acct, sev, ago, subj, then) in enumerate(SPEC):
    opened = NOW - ago * 60
    cid = cases("open", "--account", acct, "--severity", sev,
                "--subject", subj, "--at", iso(opened)).stdout.strip()
    NUM[subj] = cid
    if then == "respond":
        cases("respond", cid, "--at", iso(opened + 60))
    elif then == "respond-late":
        cases("respond", cid, "--at", iso(opened + 150 * 60))
    elif then == "resolve":
        cases("respond", cid, "--at", iso(opened + 60))
        cases("resolve", cid, "--at", iso(opened + 120))


def new_key(*args):
    return json.loads(cases("key", "add", *args, "--format",
                            "json").stdout)


STAFF = new_key("--staff", "alice")
REVOKED = new_key("--staff", "bob")
cases("key", "revoke", REVOKED["key_id"])
CUSTOMER = new_key("--account", "acme")

# ---- the server ----

log = open(os.path.join(OUT, "serve.log"), "w")
# Not under timeout(1), which would pass our SIGTERM on to its process
# group too: two signals, and under ASan the second kills the server while
# it stops. It is bounded by the test's own timeout (meson's timeout(1) of
# this script's group) and killed at the end whatever happens.
server = subprocess.Popen([CASES, "serve",
                           "--listen", "127.0.0.1:0", "--threads", "2"],
                          stdout=subprocess.PIPE, stderr=log, env=ENV,
                          text=True)
ready, _, _ = select.select([server.stdout], [], [], 20)
line = server.stdout.readline() if ready else ""
if not line.startswith("listening on"):
    server.kill()
    print("FAIL start: %r" % line)
    print("board: 0 passed, 1 failed")
    sys.exit(1)
PORT = int(line.split()[-1])
BASE = "http://127.0.0.1:%d" % PORT
URL = BASE + "/board"


def basic(key_id, secret):
    return "Basic " + base64.b64encode(
        ("%s:%s" % (key_id, secret)).encode()).decode()


def http(method="GET", auth=None, path="/board"):
    req = urllib.request.Request(BASE + path, method=method)
    if auth:
        req.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


STAFF_AUTH = basic(STAFF["key_id"], STAFF["secret"])
results = []


def check(fn):
    """Run fn now; record (name, None) or (name, why it failed)."""
    try:
        fn()
        results.append((fn.__name__, None))
    except Exception as e:  # a failed check, never a crash of the test
        results.append((fn.__name__, "%s: %s" % (type(e).__name__, e)))
    return fn


# ---- HTTP ----


@check
def no_credentials_401():
    st, h, body = http()
    assert st == 401, st
    assert h.get("WWW-Authenticate", "").startswith('Basic realm="cases"'), h
    assert "database down" not in body


@check
def wrong_secret_401():
    st, h, _ = http(auth=basic(STAFF["key_id"], STAFF["secret"][:-1] + "x"))
    assert st == 401, st
    st, _, _ = http(auth=basic("CKIANOTAKEY000000000", STAFF["secret"]))
    assert st == 401, st
    st, _, _ = http(auth="Basic !!!notbase64")
    assert st == 401, st
    st, _, _ = http(auth=basic(REVOKED["key_id"], REVOKED["secret"]))
    assert st == 401, "revoked: %d" % st


@check
def customer_key_403():
    st, h, body = http(auth=basic(CUSTOMER["key_id"], CUSTOMER["secret"]))
    assert st == 403, st
    assert "WWW-Authenticate" not in h
    for s in ("database down", "acme", "slow pages"):
        assert s not in body, s


@check
def post_405():
    for m in ("POST", "PUT", "DELETE"):
        st, h, _ = http(m, auth=STAFF_AUTH)
        assert st == 405, "%s: %d" % (m, st)
        assert h.get("Allow") == "GET, HEAD", h


@check
def refresh_query():
    st, _, body = http(auth=STAFF_AUTH, path="/board?refresh=5")
    assert st == 200 and 'content="5"' in body and \
        'data-refresh="5"' in body, st
    for q in ("refresh=1", "refresh=abc", "refresh=", "x=1",
              "refresh=5&x=1", "refresh=99999999999"):
        st, _, body = http(auth=STAFF_AUTH, path="/board?" + q)
        assert st == 400 and "refresh=SECONDS" in body, (q, st)


@check
def head_200():
    st, h, body = http("HEAD", auth=STAFF_AUTH)
    assert st == 200 and body == "", (st, body[:50])


PAGE = None


@check
def headers_and_escaping():
    global PAGE
    st, h, PAGE = http(auth=STAFF_AUTH)
    assert st == 200, st
    assert h["Content-Type"] == "text/html; charset=utf-8", h
    csp = h["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "unsafe" not in csp, csp
    assert "script-src 'sha256-" in csp and "style-src 'sha256-" in csp
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Cache-Control"] == "no-store"
    assert "&lt;script&gt;window.__pwned" in PAGE
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in PAGE
    assert PAGE.count("<script") == 1, "one script, the board's own"
    for bad in ("http://", "https://", "src=", "href="):
        assert bad not in PAGE.replace("src=&quot;x&quot;", ""), bad
    with open(os.path.join(OUT, "board.html"), "w") as f:
        f.write(PAGE)


@check
def tidy_valid():
    assert PAGE
    msgs = browser.tidy_messages(TIDY, os.path.join(OUT, "board.html"))
    assert not msgs, msgs[:5]


# ---- Chromium over the DevTools protocol ----


class Chrome:
    """Chromium with --remote-debugging-pipe: commands as NUL-terminated
    JSON on fd 3, answers and events on fd 4."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="board-chromium-")
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()
        # Chromium's ends as fds 3 and 4, moved out of their way first.
        a, b = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10), \
            fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)
        os.close(to_r)
        os.close(from_w)
        to_r, from_w = a, b
        self.p = subprocess.Popen(
            ["bash", "-c", 'exec 3<&%d 4>&%d %d<&- %d>&-; exec "$@"'
             % (to_r, from_w, to_r, from_w), "chromium",
             "timeout", "-k", "5", "120", CHROMIUM, "--headless",
             "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--remote-debugging-pipe",
             "--user-data-dir=" + self.profile, "about:blank"],
            pass_fds=(to_r, from_w),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self.buf, self.next_id, self.events = b"", 0, []
        self.session = None

    def send(self, method, params=None, session=True, limit=30):
        self.next_id += 1
        mid = self.next_id  # posts made while waiting take later ids
        msg = {"id": mid, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        return self.wait(lambda m: m.get("id") == mid, limit)

    def wait(self, pred, limit=30):
        end = time.time() + limit
        while True:
            for i, m in enumerate(self.events):
                if pred(m):
                    del self.events[i]
                    if "error" in m:
                        raise AssertionError("CDP: %s" % m["error"])
                    return m
            left = end - time.time()
            assert left > 0, "DevTools: timed out"
            r, _, _ = select.select([self.from_r], [], [], left)
            if not r:
                continue
            chunk = os.read(self.from_r, 1 << 20)
            assert chunk, "chromium went away"
            self.buf += chunk
            while b"\0" in self.buf:
                raw, self.buf = self.buf.split(b"\0", 1)
                m = json.loads(raw)
                self.handle(m)
                self.events.append(m)

    def pump(self, secs):
        """Let secs seconds pass, answering Chromium meanwhile (a paused
        request waits for us)."""
        try:
            self.wait(lambda m: False, secs)
        except AssertionError as e:
            if "timed out" not in str(e):
                raise

    def handle(self, m):
        """Answer the fetch interception (the Basic login) as it comes."""
        meth = m.get("method")
        if meth == "Fetch.requestPaused":
            self.post("Fetch.continueRequest",
                      {"requestId": m["params"]["requestId"]},
                      m.get("sessionId"))
        elif meth == "Fetch.authRequired":
            self.challenges.append(m["params"]["authChallenge"])
            self.post("Fetch.continueWithAuth", {
                "requestId": m["params"]["requestId"],
                "authChallengeResponse": {
                    "response": "ProvideCredentials",
                    "username": STAFF["key_id"],
                    "password": STAFF["secret"]}}, m.get("sessionId"))

    def post(self, method, params, session):
        """Send without waiting (from inside wait())."""
        self.next_id += 1
        os.write(self.to_w, json.dumps(
            {"id": self.next_id, "method": method, "params": params,
             "sessionId": session}).encode() + b"\0")

    def open(self, width, height, scripts=True, url=URL):
        self.challenges = []
        # A browser context of its own: no credentials cached from the
        # view before, so that each view logs in.
        ctx = self.send("Target.createBrowserContext", session=False)
        t = self.send("Target.createTarget", {
            "url": "about:blank",
            "browserContextId": ctx["result"]["browserContextId"]},
            session=False)
        tid = t["result"]["targetId"]
        a = self.send("Target.attachToTarget",
                      {"targetId": tid, "flatten": True}, session=False)
        self.session = a["result"]["sessionId"]
        for m in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.send(m)
        self.send("Fetch.enable", {"handleAuthRequests": True})
        self.send("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1,
            "mobile": width < 600})
        if not scripts:
            self.send("Emulation.setScriptExecutionDisabled",
                      {"value": True})
        self.send("Page.navigate", {"url": url})
        self.wait(lambda m: m.get("method") == "Page.loadEventFired")

    def eval(self, expr):
        r = self.send("Runtime.evaluate",
                      {"expression": expr, "returnByValue": True})
        assert "exceptionDetails" not in r["result"], r["result"]
        return r["result"]["result"].get("value")

    def complaints(self):
        """Console messages, exceptions and log entries (CSP violations
        among them) seen so far."""
        out = []
        for m in self.events:
            meth, p = m.get("method"), m.get("params", {})
            if meth == "Runtime.consoleAPICalled":
                out.append("console.%s %s" % (p["type"], p["args"]))
            elif meth == "Runtime.exceptionThrown":
                out.append("exception %s" % p["exceptionDetails"])
            elif meth == "Log.entryAdded":
                out.append("log %s" % p["entry"].get("text"))
        return out

    def screenshot(self, path):
        r = self.send("Page.captureScreenshot", {"format": "png"})
        with open(path, "wb") as f:
            f.write(base64.b64decode(r["result"]["data"]))

    def close(self):
        try:
            self.send("Browser.close", session=False, limit=5)
        except Exception:
            pass
        try:
            self.p.wait(10)
        except subprocess.TimeoutExpired:
            self.p.kill()
        os.close(self.to_w)
        os.close(self.from_r)
        subprocess.run(["rm", "-rf", self.profile])


# What the page shows, read from its DOM.
READ = r"""(function () {
  var w = document.documentElement.clientWidth, out = {
    width: w, scrollWidth: document.documentElement.scrollWidth,
    wide: [], counts: {}, queue: [], compliance: {},
    pwned: window.__pwned === undefined ? null : window.__pwned,
    text: document.body.textContent,
    month: [document.getElementById('month').getAttribute('data-since'),
            document.getElementById('month').getAttribute('data-until')],
    figures: document.querySelectorAll('#board figure svg').length};
  document.querySelectorAll('body *').forEach(function (e) {
    if (e.closest('div.table-wrap') && !e.matches('div.table-wrap'))
      return;
    if (e.closest('svg') && !e.matches('svg')) return;
    var r = e.getBoundingClientRect();
    if (r.width && (r.right > w + 0.5 || r.left < -0.5))
      out.wide.push(e.tagName + '.' + e.className + ' ' + r.left + '..' +
                    r.right);
  });
  document.querySelectorAll('#severity-counts tbody tr').forEach(
    function (r) {
      var c = [];
      r.querySelectorAll('td').forEach(function (x) {
        c.push(Number(x.textContent)); });
      out.counts[r.getAttribute('data-severity')] = c;
    });
  document.querySelectorAll('#queue tbody tr').forEach(function (r) {
    var cd = r.querySelector('[data-due]');
    out.queue.push({number: Number(r.getAttribute('data-number')),
                    cls: r.className,
                    due: cd ? Number(cd.getAttribute('data-due')) : null,
                    sla: r.querySelector('td.sla').textContent,
                    subject: r.querySelector('td.subject').textContent});
  });
  document.querySelectorAll('#compliance tbody tr').forEach(function (r) {
    var c = r.querySelectorAll('th,td');
    out.compliance[c[0].textContent] = c[6].textContent;
  });
  return out;
})()"""


def json_rows(*args):
    return json.loads(cases(*args, "--format", "json").stdout)


def by_severity(rows):
    n = {}
    for r in rows:
        n[r["severity"]] = n.get(r["severity"], 0) + 1
    return n


chrome = Chrome()
try:
    for width, height in ((1920, 1080), (390, 844)):
        view = "%dx%d" % (width, height)
        got = {}

        def named(fn):
            fn.__name__ += "_" + view
            return check(fn)

        @named
        def render():
            chrome.open(width, height)
            got.update(chrome.eval(READ))
            assert chrome.challenges and \
                chrome.challenges[0]["scheme"].lower() == "basic" and \
                chrome.challenges[0]["realm"] == "cases", chrome.challenges

        @named
        def counts_match_cli():
            queue = by_severity(json_rows("queue"))
            overdue = by_severity(json_rows("overdue"))
            assert set(got["counts"]) == {
                "business-critical", "prod-down", "prod-impaired",
                "system-impaired", "general", "total"}, got["counts"]
            for sev, c in got["counts"].items():
                if sev == "total":
                    want = (sum(queue.values()), sum(overdue.values()))
                else:
                    want = (queue.get(sev, 0), overdue.get(sev, 0))
                assert (c[0], c[1]) == want, (sev, c, want)
            assert got["counts"]["total"][:2] == [8, 3], got["counts"]

        @named
        def overdue_first():
            overdue = [r["number"] for r in json_rows("overdue")]
            queue = [r["number"] for r in json_rows("queue")]
            shown = [q["number"] for q in got["queue"]]
            assert shown == queue, (shown, queue)
            first = got["queue"][:len(overdue)]
            assert sorted(q["number"] for q in first) == sorted(overdue), \
                (first, overdue)
            for q in first:
                assert q["cls"] == "s-overdue" and q["sla"].startswith("-"), q
            dues = [q["due"] for q in first]
            assert dues == sorted(dues), "most overdue first: %s" % dues
            rest = [q for q in got["queue"][len(overdue):]
                    if q["cls"] in ("s-due", "s-warned")]
            dues = [q["due"] for q in rest]
            assert dues and dues == sorted(dues), dues
            assert all(q["sla"].startswith("in ") for q in rest), rest

        @named
        def compliance_matches_report():
            since, until = got["month"]
            rep = json_rows("report", "--by", "severity", "--since",
                            iso(int(since)), "--until", iso(int(until)))
            want = {r["group"]: "%.1f" % r["compliance_pct"]
                    if r["compliance_pct"] is not None else "\u2013"
                    for r in rep}
            assert got["compliance"] == want, (got["compliance"], want)
            assert "(total)" in want
            if int(since) <= NOW - 301 * 60:  # every case in this month
                assert want["(total)"] != "\u2013", want
            assert got["figures"] == 1, got["figures"]

        @named
        def no_overflow():
            browser.no_overflow(got)

        @named
        def script_in_subject_inert():
            assert got["pwned"] is None, got["pwned"]
            subjects = [q["subject"] for q in got["queue"]]
            assert HOSTILE_SUBJECT in subjects, subjects
            assert HOSTILE_ACCOUNT in got["text"]

        @named
        def countdown_ticks():
            q = "document.querySelector('[data-due]').textContent"
            a = chrome.eval(q)
            chrome.pump(2.2)
            b = chrome.eval(q)
            assert a != b, (a, b)

        @named
        def screenshot_not_blank():
            shot = os.path.join(OUT, "board-%s.png" % view)
            chrome.screenshot(shot)
            w, h, rows = browser.png_pixels(shot)
            assert (w, h) == (width, height), (w, h)
            colours = {}
            for r in rows:
                for px in r:
                    colours[px] = colours.get(px, 0) + 1
            white = colours.get(b"\xff\xff\xff", 0)
            assert len(colours) > 1 and white < 0.97 * w * h, "blank"
            assert colours.get(bytes.fromhex(RED), 0) >= 20, \
                "no overdue red in the shot"

        @named
        def no_console_messages():
            msgs = chrome.complaints()
            assert not msgs, msgs[:5]

    @check
    def script_refreshes_the_data():
        chrome.open(1920, 1080, url=URL + "?refresh=2")
        q = "document.getElementById('updated').textContent"
        before = chrome.eval(q)
        chrome.eval("document.getElementById('board').dataset.old = '1'")
        chrome.pump(3.5)
        assert chrome.eval(
            "document.getElementById('board').dataset.old") is None, \
            "the board was not fetched again"
        assert chrome.eval(q) != before, before
        assert chrome.eval(
            "document.getElementById('stale').textContent") == ""
        assert chrome.eval("document.querySelectorAll('main').length") == 1
        n = chrome.eval("document.querySelectorAll('[data-due]').length")
        assert n == 6, n
        msgs = chrome.complaints()
        assert not msgs, msgs[:5]

    @check
    def refresh_without_scripts():
        chrome.open(1920, 1080, scripts=False)
        r = chrome.send("DOM.getDocument", {"depth": -1})
        root = r["result"]["root"]["nodeId"]
        r = chrome.send("DOM.querySelector", {
            "nodeId": root,
            "selector": 'head meta[http-equiv="refresh"]'})
        node = r["result"]["nodeId"]
        assert node, "no meta refresh with scripts off"
        r = chrome.send("DOM.getAttributes", {"nodeId": node})
        attrs = r["result"]["attributes"]
        assert "content" in attrs and \
            int(attrs[attrs.index("content") + 1]) > 0, attrs
        assert "<noscript><meta http-equiv=\"refresh\"" in PAGE
finally:
    chrome.close()


@check
def aws_api_still_works():
    import boto3
    c = boto3.client("support", region_name="us-east-1",
                     endpoint_url=BASE,
                     aws_access_key_id=CUSTOMER["key_id"],
                     aws_secret_access_key=CUSTOMER["secret"])
    levels = c.describe_severity_levels()["severityLevels"]
    assert any(l["code"] == "critical" for l in levels), levels
    ids = [x["displayId"] for x in c.describe_cases()["cases"]]
    assert ids, ids


@check
def one_log_line_per_request():
    server.terminate()
    try:
        rc = server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        raise AssertionError("cases serve did not stop within 30 s")
    log.close()
    # a clean stop (under ASan: no leak, no error at exit either)
    assert rc == 0, "cases serve exited %d" % rc
    lines = open(os.path.join(OUT, "serve.log")).read().splitlines()
    board = [l for l in lines if " board " in l]
    assert any(("%s alice board 200" % STAFF["key_id"]) in l
               for l in board), board[:5]
    assert any(l.endswith(" board 405 " + l.split()[-1]) or " board 405 "
               in l for l in board), board[:5]
    assert any(" acme board 403 " in l for l in board), board[:5]
    assert not any(STAFF["secret"] in l for l in lines)


if server.poll() is None:
    server.kill()
sys.exit(browser.finish(results, OUT, "board"))
