#!/usr/bin/env python3
"""docs_examples.py - the examples of the README and of the man page print
what they show.

usage: tests/docs_examples.py [--update] PATH/TO/cases [SOURCE_ROOT]

With --update, the output each command prints replaces what the doc
shows (README.md and the man page are rewritten; the commands and the
text around them stay): after a change of output, run it, read the diff
(git diff), and commit the docs with the change.

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
        m = re.match(r"\\\[u([0-9A-F]{4,6})\]", line[i:])
        if m:
            out.append(chr(int(m.group(1), 16)))
            i += m.end()
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


def sessions_of(lines, where, first, raw=None):
    """[(command, expected output lines, the command's source lines)] from
    the lines of one block (raw: the same lines as written in the file):
    "$ " starts a command, a trailing backslash continues it, anything
    else is output of the command before it."""
    raw = lines if raw is None else raw
    steps, cmd, cont = [], None, False
    for n, l in enumerate(lines):
        if cont:
            cmd[0] += "\n" + l
            cmd[2].append(raw[n])
            cont = l.endswith("\\")
            continue
        if l.startswith("$ "):
            cmd = [l[2:], [], [raw[n]]]
            steps.append(cmd)
            cont = l.endswith("\\")
        elif cmd is None:
            raise ValueError("%s:%d: output before any \"$ \" command" %
                             (where, first + n))
        else:
            cmd[1].append(l)
    return [tuple(c) for c in steps]


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
                                 sessions_of(body, "README.md", i + 2),
                                 ("README.md", i + 1, j)))
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
                sessions.append((where, sessions_of(body, where, i + 2,
                                                    lines[i + 1:j]),
                                 ("contrib/man/cases.1", i + 1, j)))
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
            # Who acts, so that show's authors read the same anywhere.
            "CASES_AGENT": "ana",
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


FAKES = ["8a7f4c83-4279-4007-9d14-f52546b4d70b",
         "5c0b6f1e-2d4a-4c8e-9f31-7a1b2c3d4e5f",
         "3f2a9c1b-6e5d-4c3b-8a29-0f1e2d3c4b5a",
         "c41d7e02-9a8b-4f7c-a6e5-d4c3b2a19087"]


def bind(text, doc_ids, ids):
    """Bind each UUID of the program's text that is not bound yet to the
    next doc UUID not bound yet (doc_ids: in the order the doc shows
    them; ids: doc UUID -> the program's), or to a made-up one when the
    doc has no more (only --update writes those)."""
    for got in UUID.findall(text):
        if got in ids.values():
            continue
        free = [d for d in doc_ids if d not in ids]
        if not free:
            free = [f for f in FAKES + ["%08x-0000-4000-8000-%012x" % (n, n)
                                        for n in range(1, 1000)]
                    if f not in ids and f not in doc_ids]
        ids[free[0]] = got


def swap(text, pairs):
    """text with each UUID a of pairs (a, b) written b, and a's first 8
    hex digits, as a word, b's."""
    for a, b in pairs:
        text = text.replace(a, b)
        text = re.sub(r"(?<![0-9a-f])%s(?![0-9a-f])" % a[:8], b[:8], text)
    return text


def run_session(binary, where, steps, doc_ids):
    """Run one session: (problems, what each command printed with the
    program's ids written as the doc's; None where it did not run)."""
    home = tempfile.mkdtemp(prefix="docs-example-")
    sh = Shell(binary, home)
    ids, problems, outputs = {}, [], [None] * len(steps)
    try:
        for k, (cmd, expected, _) in enumerate(steps):
            used = [d for d in doc_ids if d not in ids and
                    (d in cmd or re.search(r"\b%s\b" % d[:8], cmd))]
            if used:
                problems.append("%s: $ %s: uses the id %s before the "
                                "example shows it" % (where, cmd, used[0][:8]))
                break
            run = swap(cmd, ids.items())
            got = sh.run(run)
            if got is None:
                problems.append("%s: $ %s: no answer within %d s" %
                                (where, cmd, TIMEOUT))
                break
            out, rc = got
            if out.endswith("\n"):
                out = out[:-1]
            bind(out, doc_ids, ids)
            shown = swap(out, [(a, d) for d, a in ids.items()])
            outputs[k] = shown.split("\n") if out else []
            if outputs[k] != expected:
                diff = difflib.unified_diff(expected, outputs[k], "the doc",
                                            "the program", lineterm="", n=2)
                problems += ["%s: $ %s" % (where, cmd.replace("\n", " ")),
                             "prints something else than the doc shows "
                             "(change the doc, or the program; "
                             "tests/docs_examples.py --update rewrites the "
                             "doc):"] + ["  " + l for l in diff]
                continue
            fails = bool(expected) and expected[-1].startswith("cases: ")
            if rc != 0 and not fails:
                problems.append("%s: $ %s: exit status %d, and the doc shows "
                                "no error" % (where, cmd, rc))
            if rc == 0 and fails:
                problems.append("%s: $ %s: exit status 0, but the doc shows "
                                "an error" % (where, cmd))
        return problems, outputs
    finally:
        sh.close()
        shutil.rmtree(home, ignore_errors=True)


def doc_ids_of(steps):
    ids = []
    for _, expected, _ in steps:
        for l in expected:
            for u in UUID.findall(l):
                if u not in ids:
                    ids.append(u)
    return ids


def check_sessions(binary, sessions):
    """Run and check every session; returns {file: [(first line, end,
    new lines of the block)]} for --update."""
    edits = {}
    for where, steps, (path, start, end) in sessions:
        problems, outputs = run_session(binary, where, steps,
                                        doc_ids_of(steps))
        first = steps[0][0].split("\n")[0] if steps else "(empty)"
        report(not problems and bool(steps),
               "%s: the session from \"$ %s\" (%d commands)" %
               (where, first, len(steps)), problems or
               ["no \"$ \" command in the block"])
        body = []
        for (cmd, expected, raw), out in zip(steps, outputs):
            body += raw
            if out is None:
                out = expected
            elif path.endswith(".1"):
                out = [roff(l) for l in out]
            body += out
        edits.setdefault(path, []).append((start, end, body))
    return edits


def roff(line):
    """A line of output as a .nf line of the man page."""
    out = []
    for ch in line:
        if ch == "\\":
            out.append("\\e")
        elif ch == "-":
            out.append("\\-")
        elif ch == "'":
            out.append("\\(aq")
        elif ord(ch) > 126:
            out.append("\\[u%04X]" % ord(ch))
        else:
            out.append(ch)
    text = "".join(out)
    return "\\&" + text if text.startswith((".", "'")) else text


def update(root, edits):
    """Write each session's program output into its doc."""
    for path, blocks in edits.items():
        full = os.path.join(root, path)
        lines = open(full, encoding="utf-8").read().split("\n")
        for start, end, body in sorted(blocks, reverse=True):
            lines[start:end] = body
        with open(full, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        print("updated %s" % path)


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
    args = sys.argv[1:]
    fix = "--update" in args
    args = [a for a in args if a != "--update"]
    binary = os.path.abspath(args[0])
    root = os.path.abspath(args[1] if len(args) > 1 else
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
    edits = check_sessions(binary, readme + man)
    if fix:
        update(root, edits)
    check_readme_links(root)
    check_cron(binary, root, others)
    print("docs: %d passed, %d failed" % (results["passed"],
                                          results["failed"]))
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
