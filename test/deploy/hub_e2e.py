"""End to end through Debian's JupyterHub with deploy/jupyterhub/jupyterhub_config.py (driven by hub.test.ts).

usage: hub_e2e.py CONFIG STATE_DIR JUPYTER_PATH [--users N] [--lesson NOTEBOOK]
                  [--lessons DIR --homes DIR --class-lesson NAME --answers DIR [--alone-first]]

Starts the hub on 127.0.0.1 (dummy authenticator, free ports) in STATE_DIR, logs each user in
through the REST API (a token for username + password), starts their servers, fetches
plotly.min.js from the kernelspec through the proxy, starts a tsdl kernel on each server over the
REST API and runs `1 + 1` over its websocket (and, with --lesson, every code cell of NOTEBOOK,
then sums the RSS of the user's server and kernel), stops everything and checks that no process
is left. Prints one JSON summary on stdout.

A class: --lessons is the folder the hub copies into each new home (TSDL_HUB_LESSONS), --homes
where the homes are (TSDL_HUB_HOMES). With --class-lesson NAME, each user saves
ANSWERS/<user>.ipynb as ~/lessons/NAME through the Contents API, and every user runs all its
code cells at once, each on their own tsdl kernel over its websocket, then saves the executed
notebook back; the RSS of each user's server and kernel is taken after. --alone-first runs the
first user's notebook once alone before (on a kernel of its own), to compare.
"""
import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from tornado import httpclient, ioloop, websocket

PASSWORD = "tsdl-e2e"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url, method="GET", body=None, token=None, timeout=30):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"token {token}"
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            return r.status, raw, r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b"", {}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def login(base, name, password):
    """POSTs the hub's login form; 302 (to the user's server) means logged in."""
    form = urllib.parse.urlencode({"username": name, "password": password}).encode()
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(f"{base}/hub/login", data=form, method="POST"), timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def wait_for(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    raise TimeoutError(f"{what} after {timeout} s")


def descendants(pid):
    """Every process below pid (from /proc), as {pid: command line}."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = {}, [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            try:
                with open(f"/proc/{child}/cmdline", "rb") as f:
                    found[child] = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
            except OSError:
                continue
            todo.append(child)
    return found


def process_name(cmd):
    for name in ("configurable-http-proxy", "jupyterhub-singleuser"):
        if name in cmd:
            return name
    if "tsdl.js kernel" in cmd:
        return "tsdl kernel"
    return "tsdl engine" if "engine-process.js" in cmd else cmd.split()[0].rsplit("/", 1)[-1]


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


async def execute(ws_url, token, codes, timeout=600):
    """Runs each code on the kernel behind ws_url; returns (text/plain results, errors, stream text)."""
    ran = await run_cells(ws_url, token, codes, timeout)
    outputs = [o for _, cell_outputs in ran for o in cell_outputs]
    return ([o["data"].get("text/plain") for o in outputs if o["output_type"] == "execute_result"],
            [f"{o['ename']}: {o['evalue']}" for o in outputs if o["output_type"] == "error"],
            "".join(o["text"] for o in outputs if o["output_type"] == "stream"))


# How many times a server restarted a kernel before it ever answered (a port taken before the
# kernel could bind it; the hub's kernel manager then picks new ports).
restarts_at_start = 0


async def run_cells(ws_url, token, codes, timeout=600):
    """Runs each code on the kernel behind ws_url; returns (execution_count, nbformat outputs) per code.

    A kernel the server restarts before its first cell has run is reconnected to, as a
    frontend does on the server's "restarting" status; a restart after that is an error.
    """
    global restarts_at_start
    req = httpclient.HTTPRequest(ws_url, headers={"Authorization": f"token {token}"})
    conn = await websocket.websocket_connect(req)
    session = uuid.uuid4().hex
    ran = []

    def send(msg_id, code):
        conn.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": "e2e", "session": session, "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))

    try:
        for code in codes:
            msg_id = uuid.uuid4().hex
            send(msg_id, code)
            replied = idle = False
            outputs, count = [], None
            deadline = time.monotonic() + timeout
            while not (replied and idle):
                msg = await conn.read_message()
                if msg is None:
                    raise RuntimeError("websocket closed")
                if time.monotonic() > deadline:
                    raise TimeoutError(code[:60])
                if isinstance(msg, bytes):
                    continue
                m = json.loads(msg)
                if m["msg_type"] == "status" and m["content"]["execution_state"] in ("restarting", "dead"):
                    if ran or outputs or m["content"]["execution_state"] == "dead":
                        raise RuntimeError(f"the kernel {m['content']['execution_state']} while running {code[:60]!r}")
                    restarts_at_start += 1
                    conn.close()
                    conn = await websocket.websocket_connect(req)
                    send(msg_id, code)
                    continue
                if m.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = m["msg_type"], m["content"]
                if kind == "execute_result":
                    outputs.append({"output_type": kind, "data": content["data"], "metadata": content.get("metadata", {}), "execution_count": content.get("execution_count")})
                elif kind == "display_data":
                    outputs.append({"output_type": kind, "data": content["data"], "metadata": content.get("metadata", {})})
                elif kind == "error":
                    outputs.append({"output_type": kind, "ename": content["ename"], "evalue": content["evalue"], "traceback": content.get("traceback", [])})
                elif kind == "stream":
                    outputs.append({"output_type": kind, "name": content["name"], "text": content["text"]})
                elif kind == "status" and content["execution_state"] == "idle":
                    idle = True
                elif kind == "execute_reply":
                    replied = True
                    count = content.get("execution_count")
            ran.append((count, outputs))
    finally:
        conn.close()
    return ran


def start_kernel(prefix, token):
    status, body, _ = request(f"{prefix}/api/kernels", "POST", {"name": "tsdl"}, token)
    if status != 201:
        raise RuntimeError(f"start a tsdl kernel at {prefix}: {status} {body[:300]!r}")
    return json.loads(body)["id"]


async def run_notebook(base, port, name, token, path, kernel_id):
    """Runs every code cell of the user's notebook at path on their kernel and saves it back executed."""
    prefix = f"{base}/user/{name}"
    status, body, _ = request(f"{prefix}/api/contents/{path}?content=1", token=token)
    if status != 200:
        raise RuntimeError(f"read {name}'s {path}: {status}")
    model = json.loads(body)
    nb = model["content"]
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    started = time.monotonic()
    ran = await run_cells(f"ws://127.0.0.1:{port}/user/{name}/api/kernels/{kernel_id}/channels", token,
                          ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells], timeout=900)
    ended = time.monotonic()
    for cell, (count, outputs) in zip(cells, ran):
        cell["execution_count"], cell["outputs"] = count, outputs
    status, body, _ = request(f"{prefix}/api/contents/{path}", "PUT", {"type": "notebook", "format": "json", "content": nb}, token)
    if status != 200:
        raise RuntimeError(f"save {name}'s {path}: {status} {body[:300]!r}")
    return {"started": started, "ended": ended, "seconds": round(ended - started, 2),
            "errors": [f"{o['ename']}: {o['evalue']}"[:160] for _, outputs in ran for o in outputs if o["output_type"] == "error"],
            "stderr": "".join(o["text"] for _, outputs in ran for o in outputs if o["output_type"] == "stream" and o["name"] == "stderr")[:2000]}


def server_rss(hub_pid):
    """RSS of each user's server and of its kernels, by user name (from the servers' environment)."""
    procs = descendants(hub_pid)
    found = {}
    for pid, cmd in procs.items():
        if "jupyterhub-singleuser" not in cmd:
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                env = dict(kv.split(b"=", 1) for kv in f.read().split(b"\0") if b"=" in kv)
        except OSError:
            continue
        user = env.get(b"JUPYTERHUB_USER", b"?").decode()
        kernels = [p for p, c in descendants(pid).items() if "tsdl.js kernel" in c]
        # a kernel's RSS counts its TypeScript engine, a process of its own below it
        kernel_kib = [rss_kib(p) + sum(rss_kib(e) for e in descendants(p)) for p in kernels]
        found[user] = {"server_mib": round(rss_kib(pid) / 1024, 1), "kernels_mib": [round(k / 1024, 1) for k in kernel_kib]}
        found[user]["total_mib"] = round(found[user]["server_mib"] + sum(found[user]["kernels_mib"]), 1)
    return found


def run_class(args, base, port, users, tokens, hub_pid):
    """Each user saves their answers as ~/lessons/NAME, then all run it at once on their own kernels."""
    path = f"lessons/{args.class_lesson}"
    found = {}
    for name in users:
        prefix = f"{base}/user/{name}"
        for kernel in json.loads(request(f"{prefix}/api/kernels", token=tokens[name])[1]):  # the 1 + 1 kernel
            request(f"{prefix}/api/kernels/{kernel['id']}", "DELETE", None, tokens[name])
        found[name] = request(f"{prefix}/api/contents/{path}?content=0", token=tokens[name])[0]  # copied in by the hub
        with open(os.path.join(args.answers, f"{name}.ipynb")) as f:
            answers = json.load(f)
        status, body, _ = request(f"{prefix}/api/contents/{path}", "PUT", {"type": "notebook", "format": "json", "content": answers}, tokens[name])
        if status != 200:
            raise RuntimeError(f"save {name}'s answers: {status} {body[:300]!r}")
    result = {"handed_out_status": found}
    loop = ioloop.IOLoop.current()
    if args.alone_first:
        first = users[0]
        kernel_id = start_kernel(f"{base}/user/{first}", tokens[first])
        alone = loop.run_sync(lambda: run_notebook(base, port, first, tokens[first], path, kernel_id), timeout=1800)
        request(f"{base}/user/{first}/api/kernels/{kernel_id}", "DELETE", None, tokens[first])
        result["alone"] = {k: alone[k] for k in ("seconds", "errors")}
    kernels = {name: start_kernel(f"{base}/user/{name}", tokens[name]) for name in users}
    t0 = time.monotonic()
    runs = loop.run_sync(lambda: asyncio.gather(*[run_notebook(base, port, name, tokens[name], path, kernels[name]) for name in users]), timeout=1800)
    result["together_seconds"] = round(time.monotonic() - t0, 2)
    result["runs"] = {name: {"seconds": r["seconds"], "errors": r["errors"], "stderr": r["stderr"],
                             "start_offset": round(r["started"] - t0, 2), "end_offset": round(r["ended"] - t0, 2)} for name, r in zip(users, runs)}
    result["rss"] = server_rss(hub_pid)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("config")
    parser.add_argument("state")
    parser.add_argument("jupyter_path")
    parser.add_argument("--users", type=int, default=1)
    parser.add_argument("--lesson")
    parser.add_argument("--lessons")
    parser.add_argument("--homes")
    parser.add_argument("--class-lesson")
    parser.add_argument("--answers")
    parser.add_argument("--alone-first", action="store_true")
    args = parser.parse_args()
    args.config, args.state = os.path.abspath(args.config), os.path.abspath(args.state)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "TSDL_HUB_AUTH": "dummy", "TSDL_HUB_PASSWORD": PASSWORD, "JUPYTER_PATH": args.jupyter_path,
           "TSDL_HUB_LESSONS": os.path.abspath(args.lessons) if args.lessons else os.path.join(args.state, "no-lessons")}
    if args.homes:
        env["TSDL_HUB_HOMES"] = os.path.join(os.path.abspath(args.homes), "{username}")
    env.pop("NODE_PATH", None)  # the shipped config must start the proxy without it
    log = open(os.path.join(args.state, "hub.log"), "w")
    hub = subprocess.Popen(["/usr/bin/jupyterhub", "-f", args.config, "--ip=127.0.0.1", f"--port={port}",
                            f"--JupyterHub.hub_port={hub_port}", f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{api_port}"],
                           cwd=args.state, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    summary = {"users": []}
    seen = {}
    try:
        t0 = time.monotonic()
        wait_for(lambda: request(f"{base}/hub/api/")[0] == 200, 90, "the hub did not answer through its proxy")
        summary["hub_start_seconds"] = round(time.monotonic() - t0, 2)
        users = [f"student{i + 1}" for i in range(args.users)]
        # a wrong password is refused
        summary["wrong_login_status"] = login(base, users[0], "wrong")  # the form again, not a redirect
        tokens = {}
        for name in users:
            # the login form creates the user in the hub (as a student's browser would) …
            status = login(base, name, PASSWORD)
            if status != 302:
                raise RuntimeError(f"log {name} in through /hub/login: {status}")
            # … and the REST API gives a token for the same user name and password
            status, body, _ = request(f"{base}/hub/api/users/{name}/tokens", "POST", {"auth": {"username": name, "password": PASSWORD}, "note": "e2e"})
            if status not in (200, 201):
                raise RuntimeError(f"token for {name}: {status} {body[:300]!r}")
            tokens[name] = json.loads(body)["token"]
        status, _, _ = request(f"{base}/hub/api/users/{users[0]}/tokens", "POST", {"auth": {"username": users[0], "password": "wrong"}})
        summary["wrong_password_status"] = status
        t0 = time.monotonic()
        for name in users:
            status, body, _ = request(f"{base}/hub/api/users/{name}/server", "POST", {}, tokens[name])
            if status not in (201, 202):
                raise RuntimeError(f"start {name}'s server: {status} {body[:300]!r}")
        for name in users:
            wait_for(lambda: json.loads(request(f"{base}/hub/api/users/{name}", token=tokens[name])[1]).get("servers", {}).get("", {}).get("ready"), 120, f"{name}'s server not ready")
        summary["servers_start_seconds"] = round(time.monotonic() - t0, 2)
        for name in users:
            user = {"name": name}
            prefix = f"{base}/user/{name}"
            status, body, headers = request(f"{prefix}/kernelspecs/tsdl/plotly.min.js", token=tokens[name])
            user["plotly_status"], user["plotly_bytes"] = status, len(body)
            status, body, _ = request(f"{prefix}/api/kernelspecs", token=tokens[name])
            user["kernelspecs"] = sorted(json.loads(body)["kernelspecs"]) if status == 200 else status
            ws = f"ws://127.0.0.1:{port}/user/{name}/api/kernels/{start_kernel(prefix, tokens[name])}/channels"
            results, errors, _ = ioloop.IOLoop.current().run_sync(lambda: execute(ws, tokens[name], ["1 + 1"]), timeout=300)
            user["one_plus_one"], user["errors"] = results, errors
            if args.lesson:
                with open(args.lesson) as f:
                    nb = json.load(f)
                codes = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
                t1 = time.monotonic()
                _, lesson_errors, _ = ioloop.IOLoop.current().run_sync(lambda: execute(ws, tokens[name], codes), timeout=1200)
                user["lesson_seconds"] = round(time.monotonic() - t1, 2)
                user["lesson_errors"] = lesson_errors
                procs = descendants(hub.pid)
                mine = {p: cmd for p, cmd in procs.items() if process_name(cmd) in ("jupyterhub-singleuser", "tsdl kernel", "tsdl engine")}
                user["rss_mib"] = {cmd.split()[1].rsplit("/", 1)[-1] if "singleuser" in cmd else process_name(cmd): round(rss_kib(p) / 1024, 1) for p, cmd in mine.items()}
                user["rss_total_mib"] = round(sum(rss_kib(p) for p in mine) / 1024, 1)
            summary["users"].append(user)
        if args.class_lesson:
            summary["class"] = run_class(args, base, port, users, tokens, hub.pid)
        seen = descendants(hub.pid)
        summary["processes_while_running"] = sorted(set(map(process_name, seen.values())))
        for name in users:
            request(f"{base}/hub/api/users/{name}/server", "DELETE", None, tokens[name])
    except Exception as e:  # reported in the summary, with the hub's log
        summary["error"] = f"{type(e).__name__}: {e}"
    finally:
        seen.update(descendants(hub.pid))
        hub.send_signal(signal.SIGTERM)
        try:
            hub.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(hub.pid, signal.SIGKILL)
            hub.wait()
        def gone():
            return [p for p in seen if os.path.exists(f"/proc/{p}") and not open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[0] == "Z"]
        try:
            wait_for(lambda: not gone(), 20, "processes left")
        except TimeoutError:
            pass
        summary["left_behind"] = [seen[p] for p in gone()]
        summary["kernels_restarted_at_start"] = restarts_at_start
        summary["hub_exit"] = hub.returncode
        log.close()
        with open(os.path.join(args.state, "hub.log")) as f:
            lines = f.readlines()
        summary["proxy_errors"] = [line.strip() for line in lines if "Cannot find module" in line]
        # traitlets warns of a setting in the shipped config (or the servers' args) that no class knows
        summary["config_warnings"] = [line.strip() for line in lines if "not recognized by" in line]
        if "error" in summary:
            summary["hub_log_tail"] = "".join(lines[-40:])
        print(json.dumps(summary))


if __name__ == "__main__":
    sys.exit(main())
