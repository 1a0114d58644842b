"""Time one notebook cell inside a Jupyter kernel, as a student's front end runs it:
jupyter_client sends the setup cells, then the timed cell, and reads every IOPub message
until the kernel is idle again. Prints one JSON line:
{"setup_s": ..., "cell_s": ..., "iopub_messages": ..., "iopub_bytes": ..., "stdout": "..."}

Usage: kernel_cell.py KERNEL_NAME CWD CELLS.json
CELLS.json: {"setup": ["cell", ...], "timed": "cell"}. Run it with Debian's /usr/bin/python3.
"""
import json
import sys
import time

from jupyter_client.manager import KernelManager

TIMEOUT = 3600


def run(kc, code):
    """Runs one cell; returns (seconds, IOPub messages, their bytes, stdout text)."""
    start = time.perf_counter()
    msg_id = kc.execute(code)
    messages, size, stdout, error = 0, 0, [], None
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages += 1
        size += len(json.dumps(msg["content"]))
        kind = msg["msg_type"]
        if kind == "stream" and msg["content"]["name"] == "stdout":
            stdout.append(msg["content"]["text"])
        elif kind == "error":
            error = "%s: %s" % (msg["content"]["ename"], msg["content"]["evalue"])
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            break
    seconds = time.perf_counter() - start
    if error is not None:
        raise SystemExit("cell failed: %s\n%s" % (error, code))
    return seconds, messages, size, "".join(stdout)


def main(name, cwd, cells_file):
    with open(cells_file) as f:
        cells = json.load(f)
    km = KernelManager(kernel_name=name)
    km.start_kernel(cwd=cwd)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    try:
        setup = sum(run(kc, code)[0] for code in cells["setup"])
        seconds, messages, size, stdout = run(kc, cells["timed"])
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(json.dumps({"setup_s": setup, "cell_s": seconds, "iopub_messages": messages, "iopub_bytes": size, "stdout": stdout}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
