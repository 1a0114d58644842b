"""Lifecycle: shutdown and restart leave no orphan processes or open ports; a kernel whose
parent dies exits; the heartbeat answers while a cell is busy. Prints JSON.
Usage: lifecycle.py            (the whole run)
       lifecycle.py --parent   (internal: start a kernel, print its pid and ports, then wait)
"""
import json
import os
import signal
import subprocess
import sys
import time

import zmq

from harness import Session, alive, descendants, emit, listening, wait_for


def ports_of(s):
    info = s.km.get_connection_info()
    return sorted(info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"))


def heartbeat_while_busy(s, busy_seconds=4.0):
    info = s.km.get_connection_info()
    ctx = zmq.Context.instance()
    msg_id = s.kc.execute(f"const spinStart = Date.now(); while (Date.now() - spinStart < {busy_seconds * 1000}) {{}} 'spun'")
    time.sleep(0.3)
    latencies, missed = [], 0
    end = time.monotonic() + busy_seconds - 1.0
    while time.monotonic() < end:
        req = ctx.socket(zmq.REQ)
        req.setsockopt(zmq.LINGER, 0)
        req.connect(f"tcp://{info['ip']}:{info['hb_port']}")
        t0 = time.monotonic()
        req.send(b"ping")
        if req.poll(2000):
            req.recv()
            latencies.append(time.monotonic() - t0)
        else:
            missed += 1
        req.close(0)
        time.sleep(0.1)
    cell = s.finish(msg_id, timeout=30)
    still_busy = cell["reply"] is not None  # the cell really ran the whole time: its reply came after the pings
    return {"pings": len(latencies) + missed, "answered": len(latencies), "missed": missed,
            "max_latency_ms": round(1000 * max(latencies, default=0), 2), "cell_status": cell["reply"] and cell["reply"]["status"],
            "cell_finished": still_busy}


def shutdown_and_restart():
    s = Session()
    ports = ports_of(s)
    first = s.pid
    # A child process the user started: the kernel's process tree at shutdown includes it.
    s.execute('import { spawn } from "node:child_process"; const sleeper = spawn("sleep", ["300"]); sleeper.pid')
    tree_before = descendants(first)
    listening_before = listening(set(ports))
    heartbeat = heartbeat_while_busy(s)

    t0 = time.monotonic()
    s.km.restart_kernel(now=False)
    s.kc.wait_for_ready(timeout=60)
    restart_seconds = time.monotonic() - t0
    second = s.pid
    first_gone = wait_for(lambda: not alive(first), 10)
    orphans_after_restart = [p for p in tree_before if alive(p)]
    works = s.execute("40 + 2")
    listening_after_restart = listening(set(ports))

    t0 = time.monotonic()
    s.kc.stop_channels()
    s.km.shutdown_kernel(now=False)
    shutdown_seconds = time.monotonic() - t0
    second_gone = wait_for(lambda: not alive(second), 10)
    time.sleep(0.2)
    listening_after_shutdown = listening(set(ports))
    code = s.km.provisioner.process.returncode if s.km.provisioner and s.km.provisioner.process else None
    s.log.close()
    for p in orphans_after_restart:
        os.kill(p, signal.SIGKILL)
    return {
        "ports": ports, "listening_before": sorted(listening_before), "tree_before": tree_before,
        "heartbeat": heartbeat,
        "restart_seconds": round(restart_seconds, 2), "new_pid": second != first, "old_gone": first_gone,
        "orphans_after_restart": orphans_after_restart,
        "works_after_restart": [c["data"].get("text/plain") for t, c in works["outputs"] if t == "execute_result"] == ["42"],
        "listening_after_restart_owners": sorted({v for v in listening_after_restart.values()}),
        "listening_after_restart_ports": sorted(listening_after_restart),
        "second_pid": second,
        "shutdown_seconds": round(shutdown_seconds, 2), "gone_after_shutdown": second_gone,
        "orphans_after_shutdown": [p for p in descendants(second)],
        "listening_after_shutdown": sorted(listening_after_shutdown), "exit_code": code,
    }


def parent_dies():
    """A parent process starts the kernel and is SIGKILLed; the kernel must notice and exit."""
    parent = subprocess.Popen([sys.executable, __file__, "--parent"], stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ))
    line = parent.stdout.readline()
    info = json.loads(line)
    pid, ports = info["pid"], info["ports"]
    t0 = time.monotonic()
    parent.kill()
    parent.wait()
    exited = wait_for(lambda: not alive(pid), 15)
    seconds = time.monotonic() - t0
    if not exited:
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    return {"kernel_exited": exited, "seconds": round(seconds, 2), "listening_after": sorted(listening(set(ports)))}


def as_parent():
    s = Session()
    s.execute("1")
    print(json.dumps({"pid": s.pid, "ports": ports_of(s)}), flush=True)
    time.sleep(120)


if __name__ == "__main__":
    if sys.argv[1:] == ["--parent"]:
        as_parent()
    else:
        emit({"restart_shutdown": shutdown_and_restart(), "parent_dies": parent_dies()})
