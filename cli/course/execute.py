"""Execute one notebook on a Jupyter kernel with nbclient (called by cli/course/jupyter.ts).

usage: execute.py IN.ipynb OUT.ipynb SUMMARY.json --kernel tsdl --timeout 900 --cwd DIR [--allow-errors]

Writes the executed notebook to OUT (also when a cell fails, with the outputs so far) and
a JSON summary to SUMMARY: total seconds, seconds and execute_reply status per cell, and the first error when
errors are not allowed. The kernel inherits this process's environment (TSDL_QUICK,
JUPYTER_PATH).

Every cell may take --timeout seconds, except a cell whose metadata marks it slow
({"tsdl": {"slow": "why"}}: it trains a network), whose time depends on the machine: it has
no limit, so that a slower laptop's build never fails on it.
"""
import argparse
import json
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("summary")
    parser.add_argument("--kernel", default="tsdl")
    parser.add_argument("--timeout", type=int, default=900)
    parser.add_argument("--startup-timeout", type=int, default=120)
    parser.add_argument("--cwd", default=".")
    parser.add_argument("--allow-errors", action="store_true")
    args = parser.parse_args()

    nb = nbformat.read(args.input, as_version=4)
    cell_seconds = {}
    cell_status = {}
    started = {}

    def on_cell_start(cell, cell_index):
        started[cell_index] = time.perf_counter()

    def on_cell_executed(cell, cell_index, execute_reply):
        cell_seconds[cell_index] = time.perf_counter() - started.get(cell_index, time.perf_counter())
        content = (execute_reply or {}).get("content", {})
        cell_status[cell_index] = {"status": content.get("status"), "ename": content.get("ename"), "evalue": content.get("evalue")}

    def timeout_for(cell):
        return None if cell.get("metadata", {}).get("tsdl", {}).get("slow") else args.timeout

    def new_client():
        return NotebookClient(
            nb,
            kernel_name=args.kernel,
            timeout=args.timeout,
            timeout_func=timeout_for,
            startup_timeout=args.startup_timeout,
            allow_errors=args.allow_errors,
            record_timing=False,
            resources={"metadata": {"path": args.cwd}},
            on_cell_start=on_cell_start,
            on_cell_executed=on_cell_executed,
        )
    t0 = time.perf_counter()
    start_retries = 0
    while True:
        error = None
        try:
            new_client().execute()
        except CellExecutionError as e:
            error = {"kind": "cell", "ename": e.ename, "evalue": e.evalue, "message": str(e)}
        except CellTimeoutError as e:
            error = {"kind": "timeout", "ename": "CellTimeoutError", "evalue": str(e), "message": str(e)}
        except DeadKernelError as e:
            error = {"kind": "dead-kernel", "ename": "DeadKernelError", "evalue": str(e), "message": str(e)}
        except Exception as e:  # kernel not found, failed start: report rather than crash
            error = {"kind": "client", "ename": type(e).__name__, "evalue": str(e), "message": str(e)}
        # A kernel that died before its first cell (a port taken between the choice and the
        # kernel's start, which jupyter_client's port cache would hand back) is started once
        # more, on new ports: no notebook's cells have run, and none is blamed for it.
        if error is None or started or start_retries == 1 or "died" not in error["evalue"]:
            break
        start_retries += 1
        print(f"execute.py: the kernel died before the first cell ({error['evalue']}); starting a new one", file=sys.stderr)
    total = time.perf_counter() - t0
    if error is not None:
        error["cell_index"] = max(started) if started else None
    nbformat.write(nb, args.output)
    with open(args.summary, "w", encoding="utf-8") as f:
        json.dump({"seconds": total, "cell_seconds": {str(k): v for k, v in cell_seconds.items()},
                   "cell_status": {str(k): v for k, v in cell_status.items()}, "error": error,
                   "kernel_start_retries": start_retries}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
