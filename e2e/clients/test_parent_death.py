"""Real-client test: a kernel whose launcher dies exits too.

    /usr/bin/python3 e2e/clients/test_parent_death.py

A frontend or server that crashes, or is killed with SIGKILL, cannot shut its
kernels down. jupyter_client starts kernels in their own session with
JPY_PARENT_PID set, and ipykernel polls that parent and exits when it is
gone; otherwise every crash leaves a kernel (and its evaluator child) behind.
This test starts the kernel from a helper process that then dies at once
(os._exit), and expects the kernel's whole process tree to end within 10 s.
It ends any survivors itself, by pid.
"""

import os
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402

HELPER = r"""
import os, sys
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name=sys.argv[1], startup_timeout=60)
print(km.provisioner.process.pid, flush=True)
os._exit(0)
"""


def check_exits_with_parent():
    # The kernel inherits the helper's stdout: read only the helper's line.
    helper = subprocess.Popen([sys.executable, "-c", HELPER, harness.KERNEL_NAME],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    line = helper.stdout.readline()
    helper.wait(timeout=60)
    assert line.strip().isdigit(), f"helper printed {line!r}"
    pid = int(line)
    tree = harness.process_tree(pid)
    assert tree, "the kernel was gone before its parent died"
    left = harness.wait_gone(tree, 10)
    for p in left:
        try:
            os.kill(p, signal.SIGKILL)
        except OSError:
            pass
    assert not left, f"kernel processes still running 10 s after their parent died: {left}"


def main():
    tally = harness.Tally(f"parent death[{harness.KERNEL_NAME}]")
    tally.run("the kernel exits when the process that started it dies", check_exits_with_parent)
    tally.finish()


if __name__ == "__main__":
    main()
