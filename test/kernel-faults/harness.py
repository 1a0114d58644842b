"""Shared helpers for the kernel fault drivers: start the tsdl kernel through jupyter_client's
KernelManager (the client Jupyter itself uses), run cells and sort their iopub messages by
parent, read a process's memory from /proc, list its children and its listening ports.

Every driver prints one JSON object on its last stdout line; the mocha tests assert on it.
Environment: TSDL_ROOT (package root, holding dist/), TSDL_NODE (node binary).
"""
import json
import os
import queue
import subprocess
import sys
import tempfile
import time

from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

ROOT = os.environ.get("TSDL_ROOT", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
NODE = os.environ.get("TSDL_NODE", "node")
KERNEL_JS = os.path.join(ROOT, "dist", "cli", "tsdl.js")


def kernel_argv():
    return [NODE, KERNEL_JS, "kernel", "{connection_file}"]


def manager(workdir, name="tsdl-faults"):
    """A KernelManager for the tsdl kernel, from a kernelspec written under `workdir`."""
    spec_dir = os.path.join(workdir, "kernels", name)
    os.makedirs(spec_dir, exist_ok=True)
    with open(os.path.join(spec_dir, "kernel.json"), "w") as f:
        json.dump({"argv": kernel_argv(), "display_name": "tsdl under test", "language": "typescript",
                   "interrupt_mode": "signal"}, f)
    ksm = KernelSpecManager(kernel_dirs=[os.path.join(workdir, "kernels")])
    return KernelManager(kernel_name=name, kernel_spec_manager=ksm)


class Session:
    """One kernel and a blocking client; iopub messages are filed by their parent's msg_id."""

    def __init__(self, workdir=None, log_name="kernel.log", env=None):
        self.workdir = workdir or tempfile.mkdtemp(prefix="tsdl-faults-")
        self.km = manager(self.workdir)
        self.log_path = os.path.join(self.workdir, log_name)
        self.log = open(self.log_path, "ab")
        kernel_env = dict(os.environ)
        kernel_env.update(env or {})
        self.km.start_kernel(cwd=self.workdir, stdout=self.log, stderr=self.log, env=kernel_env)
        self.kc = self.km.blocking_client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        self.by_parent = {}
        self.idle = set()

    @property
    def pid(self):
        return self.km.provisioner.process.pid

    def pump(self, until, timeout=60.0):
        """Read iopub until `until()` holds; False on timeout."""
        deadline = time.monotonic() + timeout
        while not until():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                msg = self.kc.get_iopub_msg(timeout=min(left, 1.0))
            except queue.Empty:
                continue
            parent = msg["parent_header"].get("msg_id")
            self.by_parent.setdefault(parent, []).append(msg)
            if msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
                self.idle.add(parent)
        return True

    def reply(self, msg_id, timeout=60.0, channel="shell"):
        get = self.kc.get_shell_msg if channel == "shell" else self.kc.get_control_msg
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                msg = get(timeout=left)
            except queue.Empty:
                return None
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def execute(self, code, timeout=60.0, **kw):
        """Run one cell; returns {reply, outputs: [(msg_type, content)], idle}."""
        msg_id = self.kc.execute(code, **kw)
        return self.finish(msg_id, timeout)

    def finish(self, msg_id, timeout=60.0):
        reply = self.reply(msg_id, timeout)
        idle = self.pump(lambda: msg_id in self.idle, timeout=timeout if reply is not None else 1.0)
        return {"msg_id": msg_id, "reply": reply["content"] if reply else None, "idle": idle,
                "outputs": [(m["msg_type"], m["content"]) for m in self.by_parent.get(msg_id, [])]}

    def close(self):
        try:
            self.kc.stop_channels()
            if self.km.is_alive():
                self.km.shutdown_kernel(now=False)
        finally:
            self.log.close()


def stream_text(result, name="stdout"):
    return "".join(c["text"] for t, c in result["outputs"] if t == "stream" and c["name"] == name)


def errors(result):
    return [c for t, c in result["outputs"] if t == "error"]


def rss_kb(pid, field="VmRSS"):
    """A field of /proc/<pid>/status in kB, or None when the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def alive(pid):
    """True while `pid` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def descendants(pid):
    """Pids whose parent chain leads to `pid` (from /proc)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass
    found, frontier = set(), {pid}
    while frontier:
        children = {p for p, pp in parents.items() if pp in frontier and p not in found}
        found |= children
        frontier = children
    return sorted(found)


def listening(ports):
    """The subset of TCP `ports` something listens on (ss -ltn), with the owning pids where shown."""
    out = subprocess.run(["ss", "-Hltnp"], capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        cols = line.split()
        if len(cols) < 4:
            continue
        port = int(cols[3].rsplit(":", 1)[1])
        if port in ports:
            found[port] = " ".join(cols[5:])
    return found


def wait_for(predicate, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def emit(result):
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
