"""A port Jupyter chose is taken before the kernel binds it: another process got it between
Jupyter's choice and the kernel's start (jupyter_client issue 487). Prints JSON.

- alone: the kernel exits 1, soon, with a line naming the port, and no crash signal.
- under jupyter_client's restarter, as a Notebook server runs kernels: with the kernel manager
  deploy/jupyterhub gives each student's server (no port cache) the restart chooses new ports
  and the kernel answers; with the default one every restart keeps the taken port.
"""
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

from traitlets.config import Config
from jupyter_client.ioloop import AsyncIOLoopKernelManager

from harness import KERNEL_JS, NODE, ROOT, emit, manager

sys.path.insert(0, os.path.join(ROOT, "deploy", "jupyterhub"))
from tsdl_kernel_manager import FreshPortsKernelManager  # noqa: E402


def hold(port=0):
    """A listening socket on port (0: a free one), as the stray process would hold it."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen()
    return s


def alone(workdir):
    held = hold()
    ports = {}
    for name in ("shell_port", "iopub_port", "stdin_port", "hb_port"):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            ports[name] = s.getsockname()[1]
    ports["control_port"] = held.getsockname()[1]
    path = os.path.join(workdir, "busy.json")
    with open(path, "w") as f:
        json.dump({"transport": "tcp", "ip": "127.0.0.1", "key": "k", "signature_scheme": "hmac-sha256", **ports}, f)
    t0 = time.monotonic()
    r = subprocess.run([NODE, KERNEL_JS, "kernel", path], capture_output=True, text=True, timeout=60)
    held.close()
    return {"code": r.returncode, "seconds": round(time.monotonic() - t0, 2), "stderr": r.stderr[-1500:], "port": ports["control_port"]}


async def under_restarter(workdir, manager_class):
    base = manager(workdir)
    config = Config({"KernelRestarter": {"restart_limit": 3, "time_to_dead": 1.0}})
    km = manager_class(kernel_name=base.kernel_name, kernel_spec_manager=base.kernel_spec_manager, config=config)
    result = {"restarts": 0, "dead": False, "answer": None}
    held = []
    write = km.write_connection_file

    def write_then_take():  # Jupyter has chosen and written the ports; the stray process strikes
        write()
        if not held:
            held.append(hold(km.shell_port))
            result["taken_port"] = km.shell_port

    km.write_connection_file = write_then_take
    log = open(os.path.join(workdir, f"kernel-{manager_class.__name__}.log"), "ab")
    await km.start_kernel(cwd=workdir, stdout=log, stderr=log)
    km.start_restarter()  # (callbacks go to the restarter, so after it exists)
    km.add_restart_callback(lambda: result.update(restarts=result["restarts"] + 1), "restart")
    km.add_restart_callback(lambda: result.update(dead=True), "dead")
    deadline = time.monotonic() + 60
    while not result["dead"] and time.monotonic() < deadline and not (km.shell_port != result["taken_port"] and await km.is_alive()):
        await asyncio.sleep(0.25)
    if not result["dead"] and km.shell_port != result["taken_port"]:
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            msg_id = kc.execute("40 + 2")
            while result["answer"] is None:
                msg = await kc.get_iopub_msg(timeout=30)
                if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_result":
                    result["answer"] = msg["content"]["data"]["text/plain"]
        finally:
            kc.stop_channels()
    result["shell_port_after"] = km.shell_port
    km.stop_restarter()
    await km.shutdown_kernel(now=True)
    for s in held:
        s.close()
    log.close()
    with open(log.name, errors="replace") as f:
        result["log_tail"] = f.read()[-600:]
    return result


if __name__ == "__main__":
    workdir = tempfile.mkdtemp(prefix="tsdl-ports-")
    emit({"alone": alone(workdir),
          "hub_manager": asyncio.run(under_restarter(workdir, FreshPortsKernelManager)),
          "default_manager": asyncio.run(under_restarter(workdir, AsyncIOLoopKernelManager))})
