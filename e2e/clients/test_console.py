"""Real-client test: `jupyter console --kernel gocell` driven through a
pseudo-terminal (Debian's python3-pexpect), with its full prompt_toolkit UI.

    /usr/bin/python3 e2e/clients/test_console.py

Types cells and reads In[n]/Out[n], a multi-line cell that relies on
is_complete_request, then Ctrl-D to exit: the console must end cleanly and the
kernel's process tree must be gone.

Ctrl-C is not tested here: in Debian bookworm's console (jupyter-console
6.4.4, prompt_toolkit 3.0.36) the first prompt resets SIGINT to Python's
default handler, so Ctrl-C during a cell raises KeyboardInterrupt inside the
console instead of interrupting the kernel, whatever the kernel. Interrupts
are covered by test_jupyter_client.py and the JupyterLab services test.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pexpect  # noqa: E402

import harness  # noqa: E402

TIMEOUT = float(os.environ.get("GOCELL_TEST_TIMEOUT", "60"))
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r")

# Multi-line cells per language: typed line by line, Enter after each.
MULTILINE = {
    "go": (["func f() int {", "return 7", "}"], "f() * 6", "42"),
    "python": (["def f():", "return 7", ""], "f() * 6", "42"),
}


class Console:
    """A running jupyter console whose output is read with ANSI codes removed."""

    def __init__(self, kernel):
        env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1")
        self.p = pexpect.spawn("jupyter", ["console", "--kernel", kernel],
                               env=env, encoding="utf-8", timeout=TIMEOUT,
                               dimensions=(40, 200))
        self.seen = ""
        self.prompt = 0

    def expect(self, pattern, timeout=TIMEOUT):
        """Reads until the cleaned output (since the last match) matches pattern."""
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while True:
            m = rx.search(self.seen)
            if m:
                self.seen = self.seen[m.end():]
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"did not see {pattern!r}; last output: {self.seen[-400:]!r}")
            try:
                self.seen += ANSI.sub("", self.p.read_nonblocking(4096, timeout=min(left, 0.5)))
            except pexpect.TIMEOUT:
                pass

    def next_prompt(self):
        """Waits for a prompt In [n]: with n above the current one and returns n
        (prompt_toolkit redraws the current prompt while a line is typed)."""
        while True:
            n = int(self.expect(r"In \[(\d+)\]:").group(1))
            if n > self.prompt:
                self.prompt = n
                return n

    def cell(self, line):
        self.p.send(line + "\r")

    def kernel_tree(self):
        return {p: st for c in harness.children().get(self.p.pid, [])
                for p, st in harness.process_tree(c).items()}


def check_start(c):
    n = c.next_prompt()
    assert n == 1, f"first prompt In [{n}]"
    assert c.kernel_tree(), "the console started no kernel process"


def check_execute(c, cells):
    c.cell(cells["set"])
    c.next_prompt()
    c.cell(cells["expr"])
    n = c.prompt
    c.expect(rf"Out\[{n}\]:\s*42\b")
    c.next_prompt()
    c.cell(cells["print"])
    c.expect(r"\nhi\n")
    c.next_prompt()


def check_multiline(c, lang):
    lines, call, want = MULTILINE[lang]
    for line in lines:
        c.cell(line)
        time.sleep(0.3)
    if lines[-1]:
        # A complete cell runs on Enter; give the kernel's is_complete reply time.
        time.sleep(0.5)
    c.next_prompt()
    c.cell(call)
    c.expect(rf"Out\[{c.prompt}\]:\s*{want}\b")
    c.next_prompt()


def check_exit(c):
    tree = c.kernel_tree()
    assert tree, "no kernel process before exit"
    c.p.sendeof()
    c.expect(r"exit \(\[y\]/n\)\?", timeout=10)
    c.p.send("y\r")
    c.p.expect(pexpect.EOF, timeout=TIMEOUT)
    c.p.close()
    assert c.p.exitstatus == 0, f"console exit status {c.p.exitstatus}, signal {c.p.signalstatus}"
    left = harness.wait_gone(tree, 10)
    assert not left, f"kernel processes left after the console exited: {left}"


def main():
    tally = harness.Tally(f"jupyter console[{harness.KERNEL_NAME}]")
    lang = harness.KernelSpecManager().get_kernel_spec(harness.KERNEL_NAME).language
    cells = harness.CELLS[lang]
    c = Console(harness.KERNEL_NAME)
    try:
        steps = [
            ("starts the kernel, prompt In [1]", check_start, c),
            ("execute: Out[n] and stdout", check_execute, c, cells),
            ("multi-line cell via is_complete", check_multiline, c, lang),
            ("Ctrl-D exits cleanly, no kernel processes left", check_exit, c),
        ]
        for name, fn, *args in steps:
            if not tally.run(name, fn, *args):
                break  # the console's state is unknown after a failure
    finally:
        if c.p.isalive():
            c.p.terminate(force=True)
    tally.finish()


if __name__ == "__main__":
    main()
