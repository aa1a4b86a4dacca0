"""browser.py - headless Chromium and tidy as the page tests drive them.

Shared by chart_test.py (chart.h's demo page) and report_html_test.py
(`cases report --format html`). Every outside program runs under
timeout(1); Chromium gets a fresh profile per run and nothing on the
network (the pages fetch nothing; the flags keep Chromium's own services
quiet too).
"""
import html
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib


def run(args, limit=60, **kw):
    return subprocess.run(["timeout", "-k", "5", str(limit)] + args,
                          capture_output=True, **kw)


def tidy_messages(tidy, page):
    """tidy's errors and warnings about page, but the one it gets wrong."""
    p = run([tidy, "-q", "-e", "-utf8", page], 30)
    out = p.stderr.decode() + p.stdout.decode()
    assert p.returncode in (0, 1), "tidy rc %d:\n%s" % (p.returncode, out)
    # tidy 5.6 reads SVG's <title> as HTML's, which takes no id: the one
    # warning it gets wrong (aria-labelledby needs that id).
    return [l for l in out.splitlines() if l.strip()
            and 'Warning: <title> proprietary attribute "id"' not in l]


def chromium(exe, args, limit=60):
    profile = tempfile.mkdtemp(prefix="chart-chromium-")
    try:
        return run([exe, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile] + args, limit)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def png_pixels(path):
    """Decode an 8-bit RGB(A) non-interlaced PNG: (width, height, rows)."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, typ = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if typ == b"IHDR":
            w, h, depth, ctype, _, _, lace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and lace == 0
            bpp = 3 if ctype == 2 else 4
        elif typ == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride, rows, prev, i = w * bpp, [], bytearray(w * bpp), 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                pp = a + b - c
                pa, pb, pc = abs(pp - a), abs(pp - b), abs(pp - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, [[r[x:x + 3] for x in range(0, stride, bpp)] for r in rows]


def screenshot(exe, page, shot, width, height, palette):
    """Take a screenshot of page; check that it is width x height, not
    blank, and shows each colour of palette (hex) on 20 pixels or more.
    Returns Chromium's stderr (its log, console messages included)."""
    p = chromium(exe, ["--enable-logging=stderr", "--v=0",
                       "--window-size=%d,%d" % (width, height),
                       "--screenshot=" + shot,
                       "file://" + os.path.abspath(page)])
    assert p.returncode == 0 and os.path.exists(shot), \
        "chromium rc %d: %s" % (p.returncode, p.stderr.decode()[-500:])
    w, h, rows = png_pixels(shot)
    assert (w, h) == (width, height), "screenshot %dx%d" % (w, h)
    colours = {}
    for r in rows:
        for px in r:
            colours[px] = colours.get(px, 0) + 1
    assert len(colours) > 1, "blank screenshot"
    white = colours.get(b"\xff\xff\xff", 0)
    assert white < 0.97 * w * h, "almost blank: %d white pixels" % white
    for hexc in palette:
        n = colours.get(bytes.fromhex(hexc), 0)
        assert n >= 20, "#%s: %d pixels in %s" % (hexc, n, shot)
    return p.stderr.decode(errors="replace")


def console_messages(log):
    """The page's console messages in a Chromium log (--enable-logging)."""
    return [l for l in log.splitlines() if "CONSOLE" in l]


# The layout probe: the page in an iframe of the given width (its own
# viewport: media queries see that width), measured by a script in the
# outer page, never in the page itself. It also reads what the page's DOM
# holds: its tables' cells, figures and any script element.
PROBE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<style>body{margin:0}iframe{border:0}</style></head><body>
<iframe id="f" src="%s" width="%d" height="%d"></iframe>
<script>
document.getElementById('f').onload = function () {
  var d = this.contentDocument, w = d.documentElement.clientWidth;
  var out = {width: w, scrollWidth: d.documentElement.scrollWidth,
             wide: [], svgs: [], tables: [],
             figures: d.querySelectorAll('figure').length,
             scripts: d.querySelectorAll('script').length,
             title: d.title, body: d.body.textContent};
  d.querySelectorAll('body *').forEach(function (e) {
    if (e.closest('div.table-wrap') && !e.matches('div.table-wrap'))
      return; /* inside its own scroll box */
    if (e.closest('svg') && !e.matches('svg'))
      return;
    var r = e.getBoundingClientRect();
    if (r.right > w + 0.5 || r.left < -0.5)
      out.wide.push(e.tagName + '.' + e.getAttribute('class') + ' ' +
                    r.left + '..' + r.right);
  });
  d.querySelectorAll('svg').forEach(function (s) {
    var vb = s.viewBox.baseVal, texts = [];
    s.querySelectorAll('text').forEach(function (t) {
      var b = t.getBBox();
      texts.push([t.getAttribute('class'), t.textContent,
                  b.x, b.y, b.width, b.height]);
    });
    out.svgs.push({id: s.querySelector('title').id, w: vb.width,
                   h: vb.height, texts: texts});
  });
  d.querySelectorAll('table').forEach(function (t) {
    var c = t.querySelector('caption'), rows = [], head = [];
    t.querySelectorAll('thead th').forEach(function (h) {
      head.push(h.textContent);
    });
    t.querySelectorAll('tbody tr').forEach(function (r) {
      var cells = [];
      r.querySelectorAll('th,td').forEach(function (x) {
        cells.push(x.textContent);
      });
      rows.push(cells);
    });
    out.tables.push({id: t.id, caption: c ? c.textContent : '',
                     head: head, rows: rows});
  });
  var p = document.createElement('pre');
  p.id = 'probe';
  p.textContent = JSON.stringify(out);
  document.body.appendChild(p);
};
</script></body></html>
"""


def layout(exe, page, width, height):
    """What the probe finds of page (in its folder) at width x height."""
    probe = os.path.join(os.path.dirname(page), "probe-%d.html" % width)
    with open(probe, "w") as f:
        f.write(PROBE % (os.path.basename(page), width, height))
    p = chromium(exe, ["--allow-file-access-from-files",
                       "--window-size=1920,1080",
                       "--dump-dom", "file://" + os.path.abspath(probe)])
    m = re.search(r'<pre id="probe">(.*?)</pre>', p.stdout.decode())
    assert m, "no probe result: rc %d %s" % (p.returncode,
                                              p.stderr.decode()[-300:])
    return json.loads(html.unescape(m.group(1)))


def no_overflow(got):
    assert got["scrollWidth"] <= got["width"], \
        "page %d px wide in a %d px viewport" % (got["scrollWidth"],
                                                 got["width"])
    assert not got["wide"], "past the edge: %s" % got["wide"][:5]


def overlap(a, b):
    ax, ay, aw, ah = a[2:6]
    bx, by, bw, bh = b[2:6]
    # a pixel of tolerance: glyph boxes include line gaps
    return (min(ax + aw, bx + bw) - max(ax, bx) > 1 and
            min(ay + ah, by + bh) - max(ay, by) > 1.5)


def svg_text_fits(got):
    """No SVG text clipped by its viewBox, no two labels overlapping."""
    for s in got["svgs"]:
        texts = s["texts"]
        assert texts, "%s has no text" % s["id"]
        for t in texts:
            cls, txt, x, y, w, h = t
            assert x >= -0.5 and x + w <= s["w"] + 0.5 and \
                y >= -0.5 and y + h <= s["h"] + 0.5, \
                "%s: %s %r clipped (%.1f,%.1f %.1fx%.1f in %gx%g)" % (
                    s["id"], cls, txt, x, y, w, h, s["w"], s["h"])
        for i, a in enumerate(texts):
            for b in texts[i + 1:]:
                assert not overlap(a, b), "%s: %s %r overlaps %s %r" % (
                    s["id"], a[0], a[1], b[0], b[1])


def pdf_pages(exe, page, pdf):
    """Print page to pdf; check every page is A4; return the page count."""
    p = chromium(exe, ["--no-pdf-header-footer", "--print-to-pdf=" + pdf,
                       "file://" + os.path.abspath(page)])
    assert p.returncode == 0 and os.path.exists(pdf), p.stderr.decode()[-300:]
    data = open(pdf, "rb").read()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    # A4 is 595 x 842 points
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", data)
    assert boxes and all(abs(float(w) - 595) < 2 and abs(float(h) - 842) < 2
                         for w, h in boxes), "not A4: %s" % boxes[:2]
    return pages


def checker(results):
    """A decorator that runs a check at once and appends (name, None) or
    (name, why it failed) to results."""
    def check(fn):
        try:
            fn()
            results.append((fn.__name__, None))
        except AssertionError as e:
            results.append((fn.__name__, str(e) or "assertion failed"))
        return fn
    return check


def finish(results, out, suite="chart"):
    """Print "ok NAME" or "FAIL NAME: why" per (name, why) of results, the
    screenshots in out and "SUITE: N passed, M failed" (the line .ci/run
    counts); return the exit status."""
    failed = 0
    for name, why in results:
        if why is None:
            print("ok   " + name)
        else:
            failed += 1
            print("FAIL %s: %s" % (name, why))
    print("screenshots: " + ", ".join(
        sorted(os.path.join(out, f) for f in os.listdir(out)
               if f.endswith("png"))))
    print("%s: %d passed, %d failed" % (suite, len(results) - failed,
                                        failed))
    return 1 if failed else 0
