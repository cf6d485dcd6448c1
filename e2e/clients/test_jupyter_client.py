"""Real-client test: Debian's jupyter_client drives the installed gocell
kernelspec the way notebook frontends do (KernelManager + BlockingKernelClient).

    /usr/bin/python3 e2e/clients/test_jupyter_client.py

Covers: start by name, execute with results and streams, a long cell
interrupted by interrupt_request (interrupt_mode "message") and by SIGINT
(interrupt_mode "signal", from temporary copies of the spec), variables kept
after each interrupt, the heartbeat during a long cell, a stdin round trip (and a read without allow_stdin, and
an interrupt while input is awaited), stop_on_error aborting queued cells,
restart_kernel (idle and while a cell runs) followed by a fresh session, and
shutdown (idle and while a cell runs) that leaves none of the kernel's
processes behind; the ipc transport.
"""

import os
import queue
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from jupyter_client import KernelManager  # noqa: E402

import harness  # noqa: E402

TIMEOUT = float(os.environ.get("GOCELL_TEST_TIMEOUT", "60"))


def run(kc, code, stdin=None, timeout=TIMEOUT, on_busy=None):
    """Executes code and returns (reply content, iopub messages of the request,
    input_request contents). stdin, if given, answers every input_request: a
    string is sent as the input_reply, a function is called with the request.
    on_busy is called once, after execute_input shows the cell has started."""
    msg_id = kc.execute(code, allow_stdin=stdin is not None)
    deadline = time.monotonic() + timeout
    reply, idle, outputs, prompts = None, False, [], []
    while reply is None or not idle:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no reply/idle for {code!r} after {timeout}s")
        if stdin is not None:
            try:
                m = kc.get_stdin_msg(timeout=0)
                if m["msg_type"] == "input_request":
                    prompts.append(m["content"])
                    if callable(stdin):
                        stdin(m["content"])
                    else:
                        kc.input(stdin)
            except queue.Empty:
                pass
        try:
            m = kc.get_iopub_msg(timeout=0.02)
            if m["parent_header"].get("msg_id") == msg_id:
                if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                    idle = True
                else:
                    outputs.append(m)
                    if m["msg_type"] == "execute_input" and on_busy:
                        on_busy()
                        on_busy = None
        except queue.Empty:
            pass
        if reply is None:
            try:
                m = kc.get_shell_msg(timeout=0)
                if m["parent_header"].get("msg_id") == msg_id:
                    reply = m["content"]
            except queue.Empty:
                pass
    return reply, outputs, prompts


def stdout(outputs):
    """The text the cell wrote to stdout."""
    return "".join(m["content"]["text"] for m in outputs
                   if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def result(outputs):
    """The text/plain of the cell's execute_result, or None."""
    for m in outputs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"].get("text/plain")
    return None


class Kernel:
    """One kernel started by name from the spec copies, with a connected client."""

    def __init__(self, copies, name, **transport):
        self.km = KernelManager(kernel_name=name, kernel_spec_manager=copies.manager(),
                                **transport)
        self.km.shutdown_wait_time = 10
        self.km.start_kernel()
        self.connect()

    def connect(self):
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)

    def pid(self):
        return self.km.provisioner.process.pid

    def tree(self):
        return harness.process_tree(self.pid())

    def close(self):
        self.kc.stop_channels()
        if self.km.has_kernel and self.km.is_alive():
            self.km.shutdown_kernel(now=True)


def check_kernel_info(k, lang):
    k.kc.kernel_info()
    reply = k.kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["msg_type"] == "kernel_info_reply", reply["msg_type"]
    c = reply["content"]
    assert c["status"] == "ok", c
    assert c["language_info"]["name"] == lang, c["language_info"]


def check_execute(k, cells):
    reply, out, _ = run(k.kc, cells["set"])
    assert reply["status"] == "ok", reply
    n = reply["execution_count"]
    reply, out, _ = run(k.kc, cells["expr"])
    assert reply["status"] == "ok", reply
    assert reply["execution_count"] == n + 1, (n, reply["execution_count"])
    assert result(out) == "42", out
    reply, out, _ = run(k.kc, cells["print"])
    assert reply["status"] == "ok", reply
    assert stdout(out) == "hi\n", out


def interrupt_long_cell(k, cells, interrupt):
    """Runs the long cell, interrupts it once it has started, and checks the
    reply names the interrupt, arrives quickly, and the session survived."""
    t = {}

    def fire():
        time.sleep(0.3)
        t["sent"] = time.monotonic()
        interrupt()

    reply, _, _ = run(k.kc, cells["long"], on_busy=fire)
    took = time.monotonic() - t["sent"]
    assert reply["status"] == "error", reply
    assert "nterrupt" in reply["ename"], reply["ename"]
    assert took < 5, f"cell ended {took:.1f}s after the interrupt"
    reply, out, _ = run(k.kc, cells["expr"])
    assert reply["status"] == "ok" and result(out) == "42", (reply, out)


def check_interrupt_reply(k, cells):
    """interrupt_request sent on control by the client itself gets interrupt_reply ok."""
    got = {}

    def fire():
        time.sleep(0.3)
        msg = k.kc.session.msg("interrupt_request", {})
        k.kc.control_channel.send(msg)
        got["reply"] = k.kc.get_control_msg(timeout=TIMEOUT)

    reply, _, _ = run(k.kc, cells["long"], on_busy=fire)
    assert reply["status"] == "error", reply
    r = got["reply"]
    assert r["msg_type"] == "interrupt_reply", r["msg_type"]
    assert r["content"]["status"] == "ok", r["content"]


def check_heartbeat_while_busy(k, cells):
    """The heartbeat answers while a cell runs (frontends call a silent
    kernel dead)."""
    beats = []

    def probe():
        time.sleep(2.5)  # well past the heartbeat's time_to_dead of 1 s
        beats.append(k.kc.hb_channel.is_beating())
        k.km.interrupt_kernel()

    k.kc.hb_channel.unpause()
    reply, _, _ = run(k.kc, cells["long"], on_busy=probe)
    assert beats == [True], f"heartbeat during the cell: {beats}"
    assert reply["status"] == "error", reply


def check_stdin(k, cells):
    reply, out, prompts = run(k.kc, cells["stdin"], stdin="hello")
    assert reply["status"] == "ok", reply
    assert len(prompts) == 1 and prompts[0]["password"] is False, prompts
    assert stdout(out) == "got hello\n", out


def check_stdin_not_allowed(k, cells):
    """With allow_stdin false a read fails at once (with an error the cell
    sees) instead of hanging."""
    reply, _, _ = run(k.kc, cells["stdin_denied"], timeout=10)
    assert reply["status"] == "error", reply
    assert reply["evalue"].strip(), f"the error says nothing: {reply}"
    print(f"     read without allow_stdin: {reply['ename']}: {reply['evalue']}")


def check_interrupt_during_input(k, cells):
    """Interrupting a cell that waits for input ends it; the session goes on."""
    reply, _, prompts = run(k.kc, cells["stdin"], stdin=lambda _: k.km.interrupt_kernel(),
                            timeout=15)
    assert len(prompts) == 1, prompts
    assert reply["status"] == "error", reply
    reply, out, _ = run(k.kc, cells["expr"])
    assert reply["status"] == "ok" and result(out) == "42", (reply, out)


def check_stop_on_error(k, cells):
    """Run All: cells queued behind a failing one are aborted.

    The three requests are made first and then sent, as a frontend's Run All
    sends its burst. Made one at a time with kc.execute, the third could be
    created after this kernel had already failed the second and replied;
    it then was not queued behind the failure, and ipykernel would run it
    too."""
    msgs = [k.kc.session.msg("execute_request", {
        "code": c, "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": False, "stop_on_error": True})
        for c in (cells["set"], cells["error"], cells["expr"])]
    for m in msgs:
        k.kc.shell_channel.send(m)
    ids = [m["header"]["msg_id"] for m in msgs]
    replies = {}
    deadline = time.monotonic() + TIMEOUT
    while len(replies) < 3 and time.monotonic() < deadline:
        try:
            m = k.kc.get_shell_msg(timeout=1)
        except queue.Empty:
            continue
        replies[m["parent_header"].get("msg_id")] = m["content"]["status"]
    got = [replies.get(i) for i in ids]
    assert got == ["ok", "error", "aborted"], got
    reply, out, _ = run(k.kc, cells["expr"])
    assert reply["status"] == "ok" and result(out) == "42", (reply, out)


def start_long_cell(k, cells):
    """Sends the long cell and returns once it has started."""
    msg_id = k.kc.execute(cells["long"])
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            m = k.kc.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
            time.sleep(0.3)
            return
    raise TimeoutError("the long cell did not start")


def check_restart_busy(k, cells):
    """restart_kernel while a cell runs: the kernel exits by itself (before
    the manager would kill it) and the new one starts fresh."""
    start_long_cell(k, cells)
    old_tree = k.tree()
    k.kc.stop_channels()
    start = time.monotonic()
    k.km.restart_kernel(now=False)
    took = time.monotonic() - start
    assert took < k.km.shutdown_wait_time - 1, f"restart took {took:.1f}s: the manager killed it"
    left = harness.wait_gone(old_tree, 10)
    assert not left, f"processes of the old kernel still running: {left}"
    k.connect()
    reply, _, _ = run(k.kc, cells["expr"])
    assert reply["status"] == "error", f"x survived the restart: {reply}"
    run(k.kc, cells["set"])


def check_restart(k, cells):
    old_pid, old_tree = k.pid(), k.tree()
    k.kc.stop_channels()
    k.km.restart_kernel(now=False)
    left = harness.wait_gone(old_tree, 10)
    assert not left, f"processes of the old kernel still running: {left}"
    assert k.pid() != old_pid
    k.connect()
    reply, _, _ = run(k.kc, cells["expr"])
    assert reply["status"] == "error", f"x survived the restart: {reply}"
    reply, _, _ = run(k.kc, cells["set"])
    assert reply["status"] == "ok", reply
    reply, out, _ = run(k.kc, cells["expr"])
    assert reply["status"] == "ok" and result(out) == "42", (reply, out)


def check_shutdown_request(k):
    """shutdown_request on control: a reply, then the whole tree exits by itself."""
    tree = k.tree()
    assert tree, "no kernel process"
    k.kc.shutdown()
    r = k.kc.get_control_msg(timeout=TIMEOUT)
    assert r["msg_type"] == "shutdown_reply", r["msg_type"]
    assert r["content"]["status"] == "ok" and r["content"]["restart"] is False, r["content"]
    left = harness.wait_gone(tree, 10)
    assert not left, f"still running after shutdown_reply: {left}"
    code = k.km.provisioner.process.wait(timeout=5)
    assert code == 0, f"kernel exit status {code}"
    k.kc.stop_channels()
    k.km.cleanup_resources()


def check_manager_shutdown(k, cells):
    """KernelManager.shutdown_kernel while a cell runs: the kernel exits before
    the manager would kill it, child processes included."""
    start_long_cell(k, cells)
    tree = k.tree()
    k.kc.stop_channels()
    start = time.monotonic()
    k.km.shutdown_kernel(now=False)
    took = time.monotonic() - start
    assert took < k.km.shutdown_wait_time - 1, f"shutdown took {took:.1f}s: the manager killed it"
    left = harness.wait_gone(tree, 10)
    assert not left, f"still running after shutdown: {left}"


def main():
    tally = harness.Tally(f"jupyter_client[{harness.KERNEL_NAME}]")
    copies = harness.SpecCopies(harness.KERNEL_NAME)
    cells = harness.CELLS[copies.source.language]
    lang = copies.source.language
    kernels = []
    try:
        msg_name, sig_name = copies.make("message"), copies.make("signal")
        k = Kernel(copies, msg_name)
        kernels.append(k)
        assert k.km.kernel_spec.interrupt_mode == "message"
        tally.run("kernel_info by name", check_kernel_info, k, lang)
        tally.run("execute: result, count, stdout", check_execute, k, cells)
        tally.run("interrupt by message (KernelManager)", interrupt_long_cell, k, cells,
                  k.km.interrupt_kernel)
        tally.run("interrupt_request on control gets interrupt_reply ok",
                  check_interrupt_reply, k, cells)
        tally.run("heartbeat answers while a cell runs", check_heartbeat_while_busy, k, cells)
        tally.run("stdin round trip", check_stdin, k, cells)
        tally.run("stdin read with allow_stdin false fails at once",
                  check_stdin_not_allowed, k, cells)
        tally.run("interrupt while waiting for input", check_interrupt_during_input, k, cells)
        tally.run("stop_on_error aborts the queued cells", check_stop_on_error, k, cells)
        tally.run("restart_kernel, then a fresh session", check_restart, k, cells)
        tally.run("shutdown_request: reply, clean exit, no processes left",
                  check_shutdown_request, k)

        k = Kernel(copies, sig_name)
        kernels.append(k)
        assert k.km.kernel_spec.interrupt_mode == "signal"
        tally.run("execute (signal-mode kernel)", check_execute, k, cells)
        tally.run("interrupt by SIGINT (KernelManager)", interrupt_long_cell, k, cells,
                  k.km.interrupt_kernel)
        tally.run("second SIGINT interrupt", interrupt_long_cell, k, cells,
                  k.km.interrupt_kernel)
        tally.run("restart_kernel while a cell runs", check_restart_busy, k, cells)
        tally.run("KernelManager.shutdown_kernel while a cell runs: no processes left",
                  check_manager_shutdown, k, cells)

        # ipc transport: the connection file names socket paths, not ports.
        ipc_dir = os.path.join(copies.dir, "ipc")
        os.makedirs(ipc_dir)
        k = Kernel(copies, msg_name, transport="ipc", ip=os.path.join(ipc_dir, "kernel"))
        kernels.append(k)
        tally.run("ipc transport: execute", check_execute, k, cells)
        tally.run("ipc transport: shutdown_request, no processes left",
                  check_shutdown_request, k)
    except Exception as e:
        tally.failed += 1
        print(f"FAIL {tally.suite}: setup: {type(e).__name__}: {e}", flush=True)
    finally:
        for k in kernels:
            try:
                k.close()
            except Exception as e:
                print(f"cleanup: {e}", file=sys.stderr)
        copies.remove()
    tally.finish()


if __name__ == "__main__":
    main()
