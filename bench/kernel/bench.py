"""Kernel speed benchmark: gocell and ipykernel side by side.

    /usr/bin/python3 bench/kernel/bench.py [--kernels gocell,python3] [--starts 10] [--n 500]

For each kernelspec (found on JUPYTER_PATH like any Jupyter client would):
  start     process start to the first kernel_info_reply, median of --starts
            launches; the client connects before the process exists with a
            1 ms reconnect interval, so libzmq's 100 ms default does not hide
            the kernel's own start
  first     process start to the reply of the first `1+1` (the evaluator is
            really up), median of the same launches
  1+1       --n execute_requests of `1+1`, one at a time: round trip to the
            execute_reply and to the status idle on iopub, median and p99
  CPU       user+system CPU of the kernel's tree (clock ticks, 10 ms) at the
            first kernel_info_reply, and per 1+1 over the --n executes: less
            sensitive to machine load than the wall times
  RSS       VmRSS summed over the kernel's whole process tree, idle (after
            start) and after the --n executes
Launches of the kernels alternate, so both see the same machine load. The
client is pyzmq (libzmq) with jupyter_client's Session for signing; its own
cost per round trip is printed as "client floor" (a signed message through a
local ROUTER echo), and is included in every round trip.
"""

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import zmq
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.session import Session

CHANNELS = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")


def free_ports(n):
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def tree_pids(pid):
    """pid and its descendants, from /proc."""
    kids = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    s = f.read()
                kids.setdefault(int(s[s.rindex(")") + 2:].split()[1]), []).append(int(d))
            except OSError:
                pass
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo.extend(kids.get(p, []))
    return pids


def rss_kib(pid):
    """VmRSS of one process in KiB (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


TICK = os.sysconf("SC_CLK_TCK")


def cpu_by_pid(pid):
    """{pid: user+system CPU seconds} over pid's tree (each live process, plus
    the children it has already waited for)."""
    out = {}
    for p in tree_pids(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            out[p] = sum(int(x) for x in fields[11:15]) / TICK  # utime stime cutime cstime
        except OSError:
            pass
    return out


def tree_cpu(pid):
    return sum(cpu_by_pid(pid).values())


class Kernel:
    """One launched kernel with a shell DEALER, an iopub SUB and a control DEALER."""

    def __init__(self, ctx, spec, tmp):
        self.key = uuid.uuid4().hex
        self.session = Session(key=self.key.encode(), signature_scheme="hmac-sha256")
        info = dict(zip(CHANNELS, free_ports(5)), ip="127.0.0.1", transport="tcp",
                    key=self.key, signature_scheme="hmac-sha256", kernel_name="bench")
        self.conn_file = os.path.join(tmp, f"kernel-{uuid.uuid4().hex[:8]}.json")
        with open(self.conn_file, "w") as f:
            json.dump(info, f)
        self.socks = []

        def sock(kind, port):
            s = ctx.socket(kind)
            s.setsockopt(zmq.RECONNECT_IVL, 1)
            s.setsockopt(zmq.LINGER, 0)
            s.connect(f"tcp://127.0.0.1:{port}")
            self.socks.append(s)
            return s

        self.shell = sock(zmq.DEALER, info["shell_port"])
        self.control = sock(zmq.DEALER, info["control_port"])
        self.iopub = sock(zmq.SUB, info["iopub_port"])
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        argv = [a.replace("{connection_file}", self.conn_file) for a in spec.argv]
        env = dict(os.environ, **(spec.env or {}))
        # gocell's history of this run stays in the scratch folder: the 500
        # cells of each run would otherwise fill the user's history (and a
        # full history file costs every later start its load).
        env.setdefault("GOCELL_HISTORY_DIR", tmp)
        # The request is queued on the connecting socket, so it leaves the
        # moment the kernel's port accepts.
        self.session.send(self.shell, "kernel_info_request", {})
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)

    def recv(self, sock, want, timeout=60):
        """Receives from sock until a message of type want arrives; returns it
        and the time it arrived."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0 or not sock.poll(left * 1000):
                raise TimeoutError(f"no {want} within {timeout}s")
            _, msg = self.session.recv(sock, mode=0)
            t = time.perf_counter()
            if msg["msg_type"] == want:
                return msg, t

    def started(self):
        """Seconds from Popen to the first kernel_info_reply."""
        _, t = self.recv(self.shell, "kernel_info_reply")
        return t - self.t0

    def wait_iopub(self):
        """Waits until iopub delivers (a SUB misses what was sent before it joined)."""
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            self.session.send(self.shell, "kernel_info_request", {})
            self.recv(self.shell, "kernel_info_reply")
            if self.iopub.poll(50):
                while self.iopub.poll(20):
                    self.iopub.recv_multipart()
                return
        raise TimeoutError("iopub never delivered")

    def execute(self, code, want_idle=True):
        """Runs code; returns (seconds to execute_reply, seconds to idle).
        Without want_idle it returns at the reply (idle is then None)."""
        msg = self.session.msg("execute_request", {
            "code": code, "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        msg_id = msg["header"]["msg_id"]
        poller = zmq.Poller()
        poller.register(self.shell, zmq.POLLIN)
        poller.register(self.iopub, zmq.POLLIN)
        t0 = time.perf_counter()
        self.session.send(self.shell, msg)
        reply = idle = None
        while reply is None or (want_idle and idle is None):
            events = dict(poller.poll(60000))
            if not events:
                raise TimeoutError(f"execute {code!r}: no reply/idle")
            now = time.perf_counter()
            if self.shell in events:
                _, m = self.session.recv(self.shell, mode=0)
                if m["parent_header"].get("msg_id") == msg_id:
                    if m["content"]["status"] != "ok":
                        raise RuntimeError(f"execute {code!r}: {m['content']}")
                    reply = now - t0
            if self.iopub in events:
                _, m = self.session.recv(self.iopub, mode=0)
                if (m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                        and m["parent_header"].get("msg_id") == msg_id):
                    idle = now - t0
        return reply, idle

    def rss_mib(self):
        return sum(rss_kib(p) for p in tree_pids(self.proc.pid)) / 1024

    def rss_breakdown(self):
        return ", ".join(f"{comm(p)} {rss_kib(p) / 1024:.1f}" for p in tree_pids(self.proc.pid))

    def stop(self):
        """shutdown_request on control; kills the process group if it lingers."""
        try:
            self.session.send(self.control, "shutdown_request", {"restart": False})
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        for s in self.socks:
            s.close()
        os.unlink(self.conn_file)


def client_floor(ctx, n):
    """Median seconds for a signed message to a local ROUTER that echoes it."""
    s = Session(key=b"k", signature_scheme="hmac-sha256")
    router, dealer = ctx.socket(zmq.ROUTER), ctx.socket(zmq.DEALER)
    port = router.bind_to_random_port("tcp://127.0.0.1")
    dealer.connect(f"tcp://127.0.0.1:{port}")
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        s.send(dealer, "execute_request", {"code": "1+1"})
        frames = router.recv_multipart()
        router.send_multipart(frames)
        s.recv(dealer, mode=0)
        times.append(time.perf_counter() - t0)
    router.close(0)
    dealer.close(0)
    return statistics.median(times)


def p99(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.99 * (len(xs) - 1))))]


def measure(kernels, starts, n):
    ctx = zmq.Context()
    ksm = KernelSpecManager()
    specs = {k: ksm.get_kernel_spec(k) for k in kernels}
    res = {k: {"start": [], "first": [], "start_cpu": []} for k in kernels}
    with tempfile.TemporaryDirectory(prefix="gocell-bench-") as tmp:
        for _ in range(starts):
            for k in kernels:
                kern = Kernel(ctx, specs[k], tmp)
                try:
                    t = kern.started()
                    res[k]["start_cpu"].append(tree_cpu(kern.proc.pid))
                    res[k]["start"].append(t)
                    reply, _ = kern.execute("1+1", want_idle=False)
                    res[k]["first"].append(t + reply)
                finally:
                    kern.stop()
        for k in kernels:
            kern = Kernel(ctx, specs[k], tmp)
            try:
                kern.started()
                kern.wait_iopub()
                kern.execute("1+1")
                time.sleep(1)
                res[k]["rss_idle"] = kern.rss_mib()
                res[k]["tree_idle"] = kern.rss_breakdown()
                for _ in range(20):
                    kern.execute("1+1")
                cpu0 = cpu_by_pid(kern.proc.pid)
                rt = [kern.execute("1+1") for _ in range(n)]
                cpu1 = cpu_by_pid(kern.proc.pid)
                res[k]["cpu_per"] = (sum(cpu1.values()) - sum(cpu0.values())) / n
                res[k]["cpu_split"] = ", ".join(
                    f"{comm(p)} {(c - cpu0.get(p, 0)) / n * 1000:.2f}" for p, c in cpu1.items())
                res[k]["reply"] = [r for r, _ in rt]
                res[k]["idle"] = [i for _, i in rt]
                res[k]["rss_after"] = kern.rss_mib()
                res[k]["tree_after"] = kern.rss_breakdown()
            finally:
                kern.stop()
    res["_floor"] = client_floor(ctx, 2000)
    ctx.term()
    return res


def report(res, kernels, starts, n):
    ms = 1000
    rows = [
        ("start to kernel_info_reply, median (ms)", lambda r: statistics.median(r["start"]) * ms, 30),
        ("start to first 1+1 reply, median (ms)", lambda r: statistics.median(r["first"]) * ms, None),
        ("kernel CPU to kernel_info_reply, median (ms)",
         lambda r: statistics.median(r["start_cpu"]) * ms, None),
        (f"1+1 to reply, median of {n} (ms)", lambda r: statistics.median(r["reply"]) * ms, 0.5),
        (f"1+1 to reply, p99 (ms)", lambda r: p99(r["reply"]) * ms, 2),
        (f"1+1 to idle, median (ms)", lambda r: statistics.median(r["idle"]) * ms, None),
        (f"1+1 to idle, p99 (ms)", lambda r: p99(r["idle"]) * ms, None),
        ("kernel tree CPU per 1+1 (ms)", lambda r: r["cpu_per"] * ms, None),
        ("tree RSS idle (MiB)", lambda r: r["rss_idle"], 40),
        (f"tree RSS after {n} (MiB)", lambda r: r["rss_after"], 40),
    ]
    a = kernels[0]
    head = f"{'':42}" + "".join(f"{k:>12}" for k in kernels)
    if len(kernels) > 1:
        head += "".join(f"{a + '/' + k:>20}" for k in kernels[1:])
    print(head + f"{'target ' + a:>16}")
    for name, get, target in rows:
        vals = [get(res[k]) for k in kernels]
        line = f"{name:42}" + "".join(f"{v:12.2f}" for v in vals)
        line += "".join(f"{vals[0] / v:20.2f}" for v in vals[1:] if v)
        if target is not None:
            line += f"{'<= ' + str(target):>10} {'ok' if vals[0] <= target else 'MISS'}"
        print(line)
    for k in kernels:
        print(f"{k} tree RSS (MiB) idle: {res[k]['tree_idle']}; after: {res[k]['tree_after']}; "
              f"CPU per 1+1 (ms): {res[k]['cpu_split']}")
    for k in kernels:
        exe = binary_of(k)
        if exe:
            print(f"{k} binary: {exe} ({os.path.getsize(exe) / 2**20:.1f} MiB, preloaded packages included)")
    print(f"client floor (signed round trip through a local echo): {res['_floor'] * ms:.3f} ms")
    print(f"launches per kernel: {starts}; load average: {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} CPUs")


def binary_of(kernel):
    """The kernelspec's program when it is a compiled binary (not an
    interpreter running a module), for its size; None otherwise."""
    from jupyter_client.kernelspec import KernelSpecManager
    exe = KernelSpecManager().get_kernel_spec(kernel).argv[0]
    if os.path.basename(exe).startswith("python") or not os.path.isfile(exe):
        return None
    return exe


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernels", default="gocell,python3",
                    help="kernelspec names, comma-separated; the first is compared to the others")
    ap.add_argument("--starts", type=int, default=10, help="launches per kernel for the start time")
    ap.add_argument("--n", type=int, default=500, help="execute_requests of 1+1 per kernel")
    args = ap.parse_args()
    kernels = args.kernels.split(",")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs", flush=True)
    res = measure(kernels, args.starts, args.n)
    report(res, kernels, args.starts, args.n)


if __name__ == "__main__":
    sys.exit(main())
