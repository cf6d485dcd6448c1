"""Shared pieces of the real-client tests: a tally that prints the
"N passed, N failed" summary, the cells each test runs in the kernel's
language, the kernel's process tree from /proc, and temporary copies of the
installed kernelspec with a chosen interrupt_mode.

The tests default to the gocell kernelspec; GOCELL_TEST_KERNEL=python3 runs
the same checks against ipykernel, which is how the harness itself is checked.
"""

import json
import os
import shutil
import sys
import tempfile
import time
import traceback

from jupyter_client.kernelspec import KernelSpecManager

KERNEL_NAME = os.environ.get("GOCELL_TEST_KERNEL", "gocell")

# Cells per language. "stdin" reads one line and prints it back after "got ".
CELLS = {
    "go": {
        "set": "x := 41",
        "expr": "x + 1",
        "print": 'fmt.Println("hi")',
        "long": "time.Sleep(30 * time.Second)",
        "stdin": 'var s string\nfmt.Scanln(&s)\nfmt.Println("got " + s)',
        "complete": ("fmt.Sprin", "Sprintf"),
        "error": 'panic("boom")',
        # A read that fails must surface: panic with the read's error.
        "stdin_denied": "var s2 string\nif _, err := fmt.Scanln(&s2); err != nil {\n\tpanic(err.Error())\n}",
        "inspect": "fmt.Println",
        "incomplete": "func f() {",
    },
    "python": {
        "set": "x = 41",
        "expr": "x + 1",
        "print": 'print("hi")',
        "long": "import time; time.sleep(30)",
        "stdin": 's = input()\nprint("got " + s)',
        "complete": ("import os\nos.path.joi", "join"),
        "error": 'raise ValueError("boom")',
        "stdin_denied": "s2 = input()",
        "inspect": "print",
        "incomplete": "def f():",
    },
}


def cells_for(kernel_name):
    """Returns the cells for the language of an installed kernelspec."""
    spec = KernelSpecManager().get_kernel_spec(kernel_name)
    return CELLS[spec.language]


class Tally:
    """Runs named checks, reports each, and prints the summary line."""

    def __init__(self, suite):
        self.suite = suite
        self.passed = 0
        self.failed = 0

    def run(self, name, fn, *args):
        """Runs fn(*args); an exception (AssertionError or any other) fails it."""
        start = time.monotonic()
        try:
            fn(*args)
        except Exception as e:  # every failure is reported, none ends the run
            self.failed += 1
            print(f"FAIL {self.suite}: {name}: {type(e).__name__}: {e}", flush=True)
            if os.environ.get("GOCELL_TEST_VERBOSE"):
                traceback.print_exc()
            return False
        self.passed += 1
        print(f"ok   {self.suite}: {name} ({time.monotonic() - start:.2f}s)", flush=True)
        return True

    def finish(self):
        """Prints the summary line and exits non-zero if anything failed."""
        print(f"{self.suite}: {self.passed} passed, {self.failed} failed", flush=True)
        sys.exit(1 if self.failed or not self.passed else 0)


def children():
    """Maps each pid to its children's pids, read from /proc."""
    kids = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: split after the last ')'.
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    return kids


def start_time(pid):
    """The process's start time in clock ticks (field 22), or None if it is gone or a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            rest = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    if rest[0] == "Z":
        return None
    return rest[19]


def process_tree(pid):
    """Returns {pid: start time} for pid and all its descendants."""
    kids = children()
    tree, todo = {}, [pid]
    while todo:
        p = todo.pop()
        st = start_time(p)
        if st is not None:
            tree[p] = st
        todo.extend(kids.get(p, []))
    return tree


def alive(tree):
    """The pids of a process_tree snapshot still running (same pid and start time)."""
    return [p for p, st in tree.items() if start_time(p) == st]


def wait_gone(tree, timeout):
    """Waits until every process of a snapshot has ended; returns the ones left."""
    deadline = time.monotonic() + timeout
    while alive(tree) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive(tree)


class SpecCopies:
    """Temporary kernelspecs copied from an installed one, each with its own
    interrupt_mode, in a directory a KernelSpecManager can be pointed at."""

    def __init__(self, kernel_name):
        self.dir = tempfile.mkdtemp(prefix="gocell-specs-")
        self.source = KernelSpecManager().get_kernel_spec(kernel_name)
        self.base = kernel_name

    def make(self, interrupt_mode):
        """Writes a copy with the given interrupt_mode and returns its name."""
        name = f"{self.base}-{interrupt_mode}"
        dst = os.path.join(self.dir, name)
        shutil.copytree(self.source.resource_dir, dst)
        with open(os.path.join(dst, "kernel.json")) as f:
            spec = json.load(f)
        spec["interrupt_mode"] = interrupt_mode
        with open(os.path.join(dst, "kernel.json"), "w") as f:
            json.dump(spec, f)
        return name

    def manager(self):
        """A KernelSpecManager that sees only the copies."""
        return KernelSpecManager(kernel_dirs=[self.dir])

    def remove(self):
        """Deletes the copies."""
        shutil.rmtree(self.dir, ignore_errors=True)
