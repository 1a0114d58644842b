"""Measure one kernel through jupyter_client: start-to-ready (launch until kernel_info is
answered and IOPub delivers, as jupyter_client's wait_for_ready sees it), the first cell, N
trivial cells, N declaring cells (DECLARE_CODE with {i} replaced by the cell's number), and a
heavy first import; then, if LESSON_CODE is not empty, the first cell of a fresh kernel running
LESSON_CODE (a lesson's first cell).
Prints one JSON line. Usage: driver.py KERNEL_NAME N TRIVIAL_CODE DECLARE_CODE IMPORT_CODE CWD [LESSON_CODE]"""
import json
import sys
import time

from jupyter_client.manager import KernelManager

TIMEOUT = 300


def wait_reply(kc, msg_id):
    while True:
        msg = kc.get_shell_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def wait_idle(kc, msg_id):
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return


def run(kc, code):
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    reply = wait_reply(kc, msg_id)
    wait_idle(kc, msg_id)
    elapsed = (time.perf_counter() - t0) * 1000
    if reply["content"]["status"] != "ok":
        raise SystemExit("cell %r failed: %s" % (code, reply["content"]))
    return elapsed


def start(name, cwd):
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel(cwd=cwd)
    kc = km.client()
    kc.start_channels()
    # ready as a frontend sees it: kernel_info answered and IOPub delivering. A PUB socket
    # (ipykernel 6) drops what it sends before the client's subscription arrives, so a bare
    # kernel_info reply can come before a cell's status messages would reach the client.
    kc.wait_for_ready(timeout=TIMEOUT)
    return km, kc, time.perf_counter() - t0


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def median(xs):
    return sorted(xs)[len(xs) // 2]


def main(name, n, trivial, declare, heavy, cwd, lesson=""):
    km, kc, start_s = start(name, cwd)
    try:
        first = run(kc, trivial)
        cells = [run(kc, trivial) for _ in range(n)]
        declaring = [run(kc, declare.replace("{i}", str(i))) for i in range(n)]
        heavy_ms = run(kc, heavy)
    finally:
        stop(km, kc)
    figures = {"start_s": start_s, "first_cell_ms": first, "median_cell_ms": median(cells),
               "median_declare_ms": median(declaring), "import_ms": heavy_ms}
    if lesson:
        km, kc, _ = start(name, cwd)
        try:
            figures["lesson_first_ms"] = run(kc, lesson)
        finally:
            stop(km, kc)
    print(json.dumps(figures))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:])
