#!/usr/bin/env python3
"""tty.py - run a command on a real pseudo-terminal; measure what it shows.

usage: tty.py run [--fit] COLS TIMEOUT CMD [ARG...]
    Run CMD with its stdin and stdout on a new pseudo-terminal COLS columns
    by 40 rows (set with TIOCSWINSZ before CMD starts), its stderr on ours.
    What CMD prints is copied to our stdout with the terminal's CR LF turned
    into LF. Exits with CMD's status, or 124 when CMD (killed then, with its
    process group) ran longer than TIMEOUT seconds. With --fit, a line
    wider than COLS (measured as `width` does) makes it exit 125, naming
    the line on stderr.

usage: tty.py width
    Read text (UTF-8) on stdin and print the display width of its widest
    line, then that line. The width is measured here, with Python's own
    Unicode tables, not with the code under test: East Asian Wide and
    Fullwidth characters take two cells, combining marks (and other
    nonspacing or enclosing marks) none, everything else one; the SGR
    escape sequences of colours take none.
"""
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
import unicodedata


def run(cols, timeout, argv, fit):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, cols, 0, 0))
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave,
                            start_new_session=True)
    os.close(slave)
    out = bytearray()
    deadline = time.monotonic() + timeout
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([master], [], [], min(left, 0.5))
        if not ready:
            if proc.poll() is not None:
                # Exited; whatever it wrote is readable already.
                ready = [master]
            else:
                continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every copy of the slave is closed
            break
        if not chunk:
            break
        out += chunk
    if timed_out:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    status = proc.wait()
    os.close(master)
    sys.stdout.buffer.write(bytes(out).replace(b"\r\n", b"\n"))
    sys.stdout.flush()
    if timed_out:
        sys.stderr.write("tty.py: killed after %s s: %s\n" % (timeout, argv))
        return 124
    if fit:
        text = bytes(out).decode("utf-8", errors="replace")
        for line in text.replace("\r\n", "\n").split("\n"):
            if cells(line) > cols:
                sys.stderr.write("tty.py: a line is %d cells wide on %d "
                                 "columns: %s\n" % (cells(line), cols, line))
                return 125
    return status if status >= 0 else 128 - status


SGR = re.compile(r"\x1b\[[0-9;]*m")


def cells(line):
    w = 0
    for ch in SGR.sub("", line):
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def width():
    text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    best, widest = 0, ""
    for line in text.split("\n"):
        w = cells(line)
        if w > best:
            best, widest = w, line
    print(best)
    print(widest)
    return 0


def main():
    args = sys.argv[2:]
    fit = bool(args) and args[0] == "--fit"
    if fit:
        args = args[1:]
    if len(sys.argv) >= 2 and sys.argv[1] == "run" and len(args) >= 3:
        return run(int(args[0]), float(args[1]), args[2:], fit)
    if len(sys.argv) == 2 and sys.argv[1] == "width":
        return width()
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
