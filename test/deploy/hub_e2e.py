"""End to end through Debian's JupyterHub with deploy/jupyterhub/jupyterhub_config.py (driven by hub.test.ts).

usage: hub_e2e.py CONFIG STATE_DIR JUPYTER_PATH [--users N] [--lesson NOTEBOOK]

Starts the hub on 127.0.0.1 (dummy authenticator, free ports) in STATE_DIR, logs each user in
through the REST API (a token for username + password), starts their servers, fetches
plotly.min.js from the kernelspec through the proxy, starts a tsdl kernel on each server over the
REST API and runs `1 + 1` over its websocket (and, with --lesson, every code cell of NOTEBOOK,
then sums the RSS of the user's server and kernel), stops everything and checks that no process
is left. Prints one JSON summary on stdout.
"""
import argparse
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
    return "tsdl kernel" if "tsdl.js kernel" in cmd else cmd.split()[0].rsplit("/", 1)[-1]


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
    req = httpclient.HTTPRequest(ws_url, headers={"Authorization": f"token {token}"})
    conn = await websocket.websocket_connect(req)
    session = uuid.uuid4().hex
    results, errors, streams = [], [], []
    try:
        for code in codes:
            msg_id = uuid.uuid4().hex
            conn.write_message(json.dumps({
                "header": {"msg_id": msg_id, "username": "e2e", "session": session, "msg_type": "execute_request", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
            }))
            replied = idle = False
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
                if m.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = m["msg_type"], m["content"]
                if kind == "execute_result":
                    results.append(content["data"].get("text/plain"))
                elif kind == "error":
                    errors.append(f"{content['ename']}: {content['evalue']}")
                elif kind == "stream":
                    streams.append(content["text"])
                elif kind == "status" and content["execution_state"] == "idle":
                    idle = True
                elif kind == "execute_reply":
                    replied = True
    finally:
        conn.close()
    return results, errors, "".join(streams)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("config")
    parser.add_argument("state")
    parser.add_argument("jupyter_path")
    parser.add_argument("--users", type=int, default=1)
    parser.add_argument("--lesson")
    args = parser.parse_args()
    args.config, args.state = os.path.abspath(args.config), os.path.abspath(args.state)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "TSDL_HUB_AUTH": "dummy", "TSDL_HUB_PASSWORD": PASSWORD, "JUPYTER_PATH": args.jupyter_path,
           "TSDL_HUB_LESSONS": os.path.join(args.state, "no-lessons")}
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
            status, body, _ = request(f"{prefix}/api/kernels", "POST", {"name": "tsdl"}, tokens[name])
            if status != 201:
                raise RuntimeError(f"start a tsdl kernel for {name}: {status} {body[:300]!r}")
            kernel = json.loads(body)
            ws = f"ws://127.0.0.1:{port}/user/{name}/api/kernels/{kernel['id']}/channels"
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
                mine = {p: cmd for p, cmd in procs.items() if "jupyterhub-singleuser" in cmd or "tsdl.js kernel" in cmd}
                user["rss_mib"] = {cmd.split()[1].rsplit("/", 1)[-1] if "singleuser" in cmd else "tsdl kernel": round(rss_kib(p) / 1024, 1) for p, cmd in mine.items()}
                user["rss_total_mib"] = round(sum(rss_kib(p) for p in mine) / 1024, 1)
            summary["users"].append(user)
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
        summary["hub_exit"] = hub.returncode
        log.close()
        with open(os.path.join(args.state, "hub.log")) as f:
            lines = f.readlines()
        summary["proxy_errors"] = [line.strip() for line in lines if "Cannot find module" in line]
        if "error" in summary:
            summary["hub_log_tail"] = "".join(lines[-40:])
        print(json.dumps(summary))


if __name__ == "__main__":
    sys.exit(main())
