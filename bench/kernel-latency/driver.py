"""Measure one kernel through jupyter_client: start-to-ready (launch until the first
kernel_info_reply), the first cell, N trivial cells, and a heavy first import.
Prints one JSON line. Usage: driver.py KERNEL_NAME N TRIVIAL_CODE IMPORT_CODE CWD"""
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


def main(name, n, trivial, heavy, cwd):
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel(cwd=cwd)
    kc = km.client()
    kc.start_channels()
    msg_id = kc.kernel_info()
    wait_reply(kc, msg_id)
    start = time.perf_counter() - t0
    try:
        first = run(kc, trivial)
        cells = [run(kc, trivial) for _ in range(n)]
        heavy_ms = run(kc, heavy)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    cells.sort()
    print(json.dumps({"start_s": start, "first_cell_ms": first, "median_cell_ms": cells[len(cells) // 2], "import_ms": heavy_ms}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5])
