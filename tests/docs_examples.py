#!/usr/bin/env python3
"""docs_examples.py - the examples of the README and of the man page print
what they show.

usage: tests/docs_examples.py PATH/TO/cases [SOURCE_ROOT]

A session is a block of lines "$ COMMAND" (a line ending in a backslash
continues on the next), each followed by the output the doc shows for it:
every ```console block of README.md, and every .nf/.fi block of the man
page's EXAMPLES section that holds "$ \\fBCOMMAND\\fR" lines (roff escapes
are read as groff prints them). Each session runs in one bash, command
after command, in a new folder with a new database (CASES_DB in it),
TZ=UTC, LC_ALL=C.UTF-8, TMPDIR in the folder, no CASES_NOW, and `cases`
on PATH meaning the
binary under test; standard error is shown with standard output, as on a
terminal. Each command's output must equal the doc's, line for line.

The one thing allowed to differ is a case id, which is random: a UUID in
the doc's output stands for whatever UUID the program prints there, and
from then on the doc's UUID, and its first 8 hex digits, stand for that
one (in later commands and outputs). A command must exit 0 unless the
doc shows it failing (its output ends with a "cases: " line).

Also checked: the README has no other example (a ```sh block outside
"Quick start", whose commands CI runs itself, would be run by no test);
its relative links lead to files; the man page's crontab lines are
contrib/crontab's, and the check they run works; the systemd units the
man page names are in contrib/systemd/.

Prints "ok ..." or "FAIL ..." per check, with a diff for a session that
differs, and last "docs: N passed, M failed"; exits 1 on any failure.
"""
import difflib
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

UUID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
MARK = "\x1edocs-example-done"
TIMEOUT = 60  # seconds for a whole session

results = {"passed": 0, "failed": 0}


def report(ok, title, detail=()):
    results["passed" if ok else "failed"] += 1
    print(("ok   " if ok else "FAIL ") + title, flush=True)
    if not ok:
        for d in detail:
            print("    " + d)


# ---- reading the docs -------------------------------------------------

ROFF = [
    ("\\fB", ""), ("\\fR", ""), ("\\fI", ""), ("\\fP", ""),
    ("\\(aq", "'"), ("\\(dq", '"'), ("\\(em", "\u2014"),
    ("\\(en", "\u2013"), ("\\(->", "\u2192"), ("\\(mu", "\u00d7"),
    ("\\-", "-"), ("\\&", ""), ("\\ ", " "), ("\\~", " "),
]


def unroff(line, where):
    """A line of a .nf block as groff shows it; an escape not known here
    is an error, so that nothing is compared half-read."""
    out, i = [], 0
    while i < len(line):
        if line[i] != "\\":
            out.append(line[i])
            i += 1
            continue
        if line.startswith("\\e", i):
            out.append("\\")
            i += 2
            continue
        for esc, text in ROFF:
            if line.startswith(esc, i):
                out.append(text)
                i += len(esc)
                break
        else:
            raise ValueError("%s: escape %r not understood by this test" %
                             (where, line[i:i + 4]))
    return "".join(out)


def sessions_of(lines, where, first):
    """[(line number, [(command, expected output lines)])] from the lines
    of one block: "$ " starts a command, a trailing backslash continues
    it, anything else is output of the command before it."""
    steps, cmd, cont = [], None, False
    for n, l in enumerate(lines):
        if cont:
            cmd[0] += "\n" + l
            cont = l.endswith("\\")
            continue
        if l.startswith("$ "):
            cmd = [l[2:], []]
            steps.append(cmd)
            cont = l.endswith("\\")
        elif cmd is None:
            raise ValueError("%s:%d: output before any \"$ \" command" %
                             (where, first + n))
        else:
            cmd[1].append(l)
    return [(c, o) for c, o in steps]


def readme_sessions(root):
    path = os.path.join(root, "README.md")
    text = open(path, encoding="utf-8").read().split("\n")
    sessions, stray, section = [], [], ""
    i = 0
    while i < len(text):
        l = text[i]
        if l.startswith("## "):
            section = l[3:].strip()
        m = re.match(r"^```(\w*)\s*$", l)
        if m:
            j = i + 1
            while j < len(text) and not text[j].startswith("```"):
                j += 1
            body = text[i + 1:j]
            if m.group(1) == "console":
                sessions.append(("README.md:%d" % (i + 1),
                                 sessions_of(body, "README.md", i + 2)))
            elif section != "Quick start":
                stray.append("README.md:%d: a ```%s block outside Quick "
                             "start: no test runs it; make it a ```console "
                             "session (\"$ command\" lines and their "
                             "output)" % (i + 1, m.group(1)))
            i = j
        i += 1
    return sessions, stray


def man_examples(root):
    """The .nf blocks of EXAMPLES: (sessions, other blocks)."""
    path = os.path.join(root, "contrib/man/cases.1")
    lines = open(path, encoding="utf-8").read().split("\n")
    start = lines.index(".SH EXAMPLES")
    end = next(i for i in range(start + 1, len(lines))
               if lines[i].startswith(".SH "))
    sessions, others = [], []
    i = start
    while i < end:
        if lines[i] == ".nf":
            j = i + 1
            while lines[j] != ".fi":
                j += 1
            where = "contrib/man/cases.1:%d" % (i + 2)
            body = [unroff(l, where) for l in lines[i + 1:j]]
            if any(l.startswith("$ ") for l in body):
                sessions.append((where, sessions_of(body, where, i + 2)))
            else:
                others.append((where, body))
            i = j
        i += 1
    return sessions, others


# ---- running a session --------------------------------------------------

class Shell:
    """One bash, fed one command at a time, its output read back."""

    def __init__(self, binary, home):
        bindir = os.path.join(home, "bin")
        os.mkdir(bindir)
        os.symlink(binary, os.path.join(bindir, "cases"))
        env = {
            "PATH": bindir + ":/usr/local/bin:/usr/bin:/bin",
            "HOME": home, "TZ": "UTC", "LC_ALL": "C.UTF-8",
            "TZDIR": "/usr/share/zoneinfo",
            "CASES_DB": os.path.join(home, "cases.db"),
            "TMPDIR": home,  # the README's mktemp -d: removed with home
        }
        self.p = subprocess.Popen(
            ["bash", "--norc", "--noprofile"], cwd=home, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True)
        self.deadline = time.monotonic() + TIMEOUT
        self.buf = b""

    def run(self, cmd):
        """(output, exit status) of cmd; None on timeout."""
        script = "{ %s\n} </dev/null 2>&1\nprintf '\\n%s %%d\\n' $?\n" % (
            cmd, MARK)
        self.p.stdin.write(script.encode())
        self.p.stdin.flush()
        pat = re.compile(rb"\n?" + MARK.encode() + rb" (\d+)\n")
        while True:
            m = pat.search(self.buf)
            if m:
                out = self.buf[:m.start()]
                self.buf = self.buf[m.end():]
                return out.decode("utf-8", "replace"), int(m.group(1))
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([self.p.stdout], [], [],
                                              left)[0]:
                return None
            chunk = os.read(self.p.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.buf += chunk

    def close(self):
        try:
            self.p.stdin.close()
        except OSError:
            pass
        try:
            self.p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.p.pid, 9)
            self.p.wait()


def bind(expected, actual, ids):
    """Match the doc's output lines with the actual ones, binding the
    doc's UUIDs (ids: doc UUID -> actual) as they appear. Returns
    (equal, the doc's lines with bound ids replaced)."""
    shown = []
    for line in expected:
        for d, a in ids.items():
            line = line.replace(d, a).replace(d[:8], a[:8])
        shown.append(line)
    if len(shown) != len(actual):
        return False, shown
    for k, (e, a) in enumerate(zip(shown, actual)):
        parts = UUID.split(e)
        if len(parts) == 1:
            if e != a:
                return False, shown
            continue
        docs = UUID.findall(e)
        rx = "".join(re.escape(p) + ("(%s)" % UUID.pattern
                                     if n < len(docs) else "")
                     for n, p in enumerate(parts))
        m = re.fullmatch(rx, a)
        if not m:
            return False, shown
        for d, got in zip(docs, m.groups()):
            ids[d] = got
            for j in range(k, len(shown)):
                shown[j] = shown[j].replace(d, got).replace(d[:8], got[:8])
    return True, shown


def run_session(binary, where, steps, doc_ids):
    """Run one session; returns the problems (empty: it printed what the
    doc shows)."""
    home = tempfile.mkdtemp(prefix="docs-example-")
    sh = Shell(binary, home)
    ids = {}
    try:
        for cmd, expected in steps:
            for d in doc_ids:
                if d in ids:
                    cmd = cmd.replace(d, ids[d]).replace(d[:8], ids[d][:8])
                elif d in cmd or re.search(r"\b%s\b" % d[:8], cmd):
                    return ["%s: $ %s: uses the id %s before the example "
                            "shows it" % (where, cmd, d[:8])]
            got = sh.run(cmd)
            if got is None:
                return ["%s: $ %s: no answer within %d s" %
                        (where, cmd, TIMEOUT)]
            out, rc = got
            actual = out.split("\n")
            if actual and actual[-1] == "":
                actual.pop()
            equal, shown = bind(expected, actual, ids)
            if not equal:
                back = "\n".join(actual)
                for d, a in ids.items():
                    back = back.replace(a, d).replace(a[:8], d[:8])
                diff = difflib.unified_diff(
                    [l for l in expected], back.split("\n") if back else [],
                    "the doc", "the program", lineterm="", n=2)
                return ["%s: $ %s" % (where, cmd.replace("\n", " ")),
                        "prints something else than the doc shows (the doc "
                        "must change, or the program):"] + \
                    ["  " + l for l in diff]
            fails = bool(expected) and expected[-1].startswith("cases: ")
            if rc != 0 and not fails:
                return ["%s: $ %s: exit status %d, and the doc shows no "
                        "error" % (where, cmd, rc)]
            if rc == 0 and fails:
                return ["%s: $ %s: exit status 0, but the doc shows an "
                        "error" % (where, cmd)]
        return []
    finally:
        sh.close()
        shutil.rmtree(home, ignore_errors=True)


def check_sessions(binary, sessions):
    for where, steps in sessions:
        doc_ids = []
        for _, expected in steps:
            for l in expected:
                for u in UUID.findall(l):
                    if u not in doc_ids:
                        doc_ids.append(u)
        problems = run_session(binary, where, steps, doc_ids)
        first = steps[0][0].split("\n")[0] if steps else "(empty)"
        report(not problems and bool(steps),
               "%s: the session from \"$ %s\" (%d commands)" %
               (where, first, len(steps)), problems or
               ["no \"$ \" command in the block"])


# ---- the rest -------------------------------------------------------------

def check_readme_links(root):
    text = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    bad = []
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        if not os.path.exists(os.path.join(root, target)):
            bad.append("README.md links to %s, which does not exist" %
                       target)
    report(not bad, "README.md: every relative link leads to a file", bad)


def check_cron(binary, root, others):
    cron = [(w, b) for w, b in others if any("* * * * *" in l for l in b)]
    unit = [(w, b) for w, b in others if any("systemctl" in l for l in b)]
    rest = [w for w, b in others if (w, b) not in cron + unit]
    report(not rest, "man page EXAMPLES: every block is a session, a "
           "crontab or systemctl", ["%s: a block of another kind: make it "
                                    "a \"$ command\" session, or teach "
                                    "tests/docs_examples.py to check it" %
                                    w for w in rest])
    want = [l.replace("/usr/local/bin/cases ", "cases ")
            for l in open(os.path.join(root, "contrib/crontab"),
                          encoding="utf-8").read().split("\n")
            if l.strip() and not l.startswith("#")]
    for where, body in cron:
        got = [l for l in body if l.strip()]
        report(got == want, "%s: the crontab lines are contrib/crontab's" %
               where, ["the man page: %r" % got,
                       "contrib/crontab (with /usr/local/bin/cases as "
                       "cases): %r" % want])
        # The job itself, on a new database with nothing overdue: it
        # works and prints nothing, so cron mails nothing.
        line = next(l for l in got if "* * * * *" in l)
        cmd = line.split("* * * * *", 1)[1].split()
        home = tempfile.mkdtemp(prefix="docs-cron-")
        try:
            env = {"PATH": "/usr/bin:/bin", "HOME": home, "TZ": "UTC",
                   "CASES_DB": os.path.join(home, "cases.db")}
            p = subprocess.run([binary] + cmd[1:], env=env, cwd=home,
                               capture_output=True, text=True, timeout=20)
            report(p.returncode == 0 and p.stdout == "" and p.stderr == "",
                   "%s: the crontab's check runs and, with nothing new, "
                   "prints nothing" % where,
                   ["exit %d, stdout %r, stderr %r" %
                    (p.returncode, p.stdout, p.stderr)])
        finally:
            shutil.rmtree(home, ignore_errors=True)
    for where, body in unit:
        names = set(re.findall(r"\b(cases-[\w-]+\.(?:timer|service))\b",
                               "\n".join(body)))
        missing = sorted(n for n in names if not os.path.isfile(
            os.path.join(root, "contrib/systemd", n)))
        report(names and not missing,
               "%s: the systemd units it names are in contrib/systemd/" %
               where, ["missing: %s" % ", ".join(missing or ["(none named)"])])


def main():
    binary = os.path.abspath(sys.argv[1])
    root = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else
                           os.path.join(os.path.dirname(__file__), ".."))
    try:
        readme, stray = readme_sessions(root)
        man, others = man_examples(root)
    except (ValueError, OSError, StopIteration) as e:
        report(False, "reading the examples", [str(e)])
        print("docs: %d passed, %d failed" % (results["passed"],
                                              results["failed"]))
        return 1
    report(not stray, "README.md: every example is a session a test runs",
           stray)
    report(bool(readme), "README.md has a tour (a ```console session)",
           ["no ```console block in README.md"])
    report(bool(man), "the man page's EXAMPLES hold sessions",
           ["no \"$ \\fBcommand\\fR\" block in EXAMPLES"])
    check_sessions(binary, readme + man)
    check_readme_links(root)
    check_cron(binary, root, others)
    print("docs: %d passed, %d failed" % (results["passed"],
                                          results["failed"]))
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
