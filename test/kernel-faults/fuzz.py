"""Seeded fuzz of the kernel's shell and control sockets with malformed multipart messages.

Every message that carries code carries a payload that would create a marker file named
after the message; a message whose signature does not verify must never create one. A
correctly signed control message that does (proves the payload works) is sent first.
Replayed messages append a line to a file each time they run: once is allowed, twice is not.

Usage: fuzz.py SEED COUNT_PER_CATEGORY
"""
import hashlib
import hmac
import json
import os
import random
import sys
import time
import uuid

import zmq

from harness import Session, alive, emit, errors

SEED = int(sys.argv[1]) if len(sys.argv) > 1 else 1
PER = int(sys.argv[2]) if len(sys.argv) > 2 else 100
DELIM = b"<IDS|MSG>"
SAFE_TYPES = ["execute_request", "kernel_info_request", "complete_request", "inspect_request",
              "is_complete_request", "history_request", "comm_info_request"]


def main():
    rng = random.Random(SEED)
    s = Session()
    info = s.km.get_connection_info()
    key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()
    markers = os.path.join(s.workdir, "markers")
    os.makedirs(markers)
    ctx = zmq.Context.instance()
    socks = {}
    for ch in ("shell", "control"):
        d = ctx.socket(zmq.DEALER)
        d.setsockopt(zmq.LINGER, 0)
        d.setsockopt(zmq.IDENTITY, f"fuzz-{ch}".encode())
        d.connect(f"tcp://{info['ip']}:{info[ch + '_port']}")
        socks[ch] = d

    def sign(parts, k=key):
        h = hmac.new(k, digestmod=hashlib.sha256)
        for p in parts:
            h.update(p)
        return h.hexdigest().encode()

    def header(msg_type, **extra):
        h = {"msg_id": uuid.uuid4().hex, "session": "fuzz", "username": "fuzz", "date": "2026-01-01T00:00:00Z",
             "msg_type": msg_type, "version": "5.3"}
        h.update(extra)
        return h

    def marker_code(name):
        path = os.path.join(markers, name)
        return f'import * as markerFs from "node:fs"; markerFs.appendFileSync({json.dumps(path)}, "ran\\n");'

    def parts_of(h, content, parent=None, metadata=None):
        return [json.dumps(x).encode() for x in (h, parent or {}, metadata or {}, content)]

    def execute_content(name):
        return {"code": marker_code(name), "silent": False, "store_history": False, "user_expressions": {},
                "allow_stdin": False, "stop_on_error": False}

    counts = {}
    sent = {"shell": 0, "control": 0}

    def send(ch, frames, category):
        socks[ch].send_multipart(frames, copy=True)
        sent[ch] += 1
        counts[category] = counts.get(category, 0) + 1

    def drain():
        for d in socks.values():
            while d.poll(0):
                d.recv_multipart()

    # 1. Positive control: the payload, correctly signed, does run (on control, then shell).
    for ch in ("control", "shell"):
        p = parts_of(header("execute_request"), execute_content(f"valid-{ch}"))
        send(ch, [DELIM, sign(p)] + p, "valid (positive control)")

    def unsigned_execute(name):
        return parts_of(header("execute_request"), execute_content(name))

    cases = []

    def category(name, make):
        cases.append((name, make))

    # Wrong frame counts: no delimiter, nothing after it, too few parts, random garbage frames.
    def wrong_frames(i, ch):
        n = rng.randrange(0, 12)
        frames = [rng.randbytes(rng.randrange(0, 64)) for _ in range(n)]
        kind = i % 4
        if kind == 0:
            return frames or [b""]
        p = unsigned_execute(f"frames-{ch}-{i}")
        if kind == 1:
            good = [DELIM, sign(p)] + p
            return good[: rng.randrange(1, 6)]  # truncated, but what is there is signed
        if kind == 2:
            return frames + [DELIM]
        return [DELIM] + p  # signature frame missing: header is taken for the signature
    category("wrong frame count", wrong_frames)

    def bad_json(i, ch):
        p = unsigned_execute(f"json-{ch}-{i}")
        which = rng.randrange(0, 4)
        kind = i % 5
        if kind == 0:
            p[which] = p[which][: rng.randrange(0, max(1, len(p[which]) - 1))]
        elif kind == 1:
            p[which] = b"\xff\xfe" + rng.randbytes(20)
        elif kind == 2:
            p[which] = json.dumps([1, 2, 3]).encode()
        elif kind == 3:
            p[which] = b"null"
        else:
            p[which] = b'{"a":' * 2000
        return [DELIM, sign(p)] + p  # signed: only the JSON is wrong
    category("bad JSON (signed)", bad_json)

    def huge_header(i, ch):
        size = rng.choice([64 * 1024, 1024 * 1024, 4 * 1024 * 1024])
        h = header(rng.choice(["execute_request", "kernel_info_request", "no_such_request"]), padding="x" * size)
        p = parts_of(h, execute_content(f"huge-{ch}-{i}"))
        sig = sign(p) if i % 2 == 0 and h["msg_type"] != "execute_request" else sign([b"other"])
        return [DELIM, sig] + p
    category("huge header", huge_header)

    def unknown_type(i, ch):
        t = rng.choice(["", "execute", "EXECUTE_REQUEST", "foo_request", "x" * 300, "__proto__", "constructor",
                        "toString", "hasOwnProperty", "status", "execute_reply", "input_reply", "comm_msg"])
        p = parts_of(header(t), execute_content(f"unknown-{ch}-{i}"))
        return [DELIM, sign(p)] + p  # signed and well-formed; only the type is unknown
    category("unknown msg_type (signed)", unknown_type)

    def missing_fields(i, ch):
        t = rng.choice(SAFE_TYPES)
        h = header(t)
        kind = i % 8
        content = {"code": "1", "cursor_pos": 1, "hist_access_type": "tail", "n": 1, "output": False, "raw": False}
        if kind == 0:
            del h["msg_id"]
        elif kind == 1:
            del h["msg_type"]
        elif kind == 2:
            h["msg_id"] = 12345
        elif kind == 3:
            content = {}
        elif kind == 4:
            content = {"code": 42, "cursor_pos": "x", "hist_access_type": 7}
        elif kind == 5:
            content = {"code": None, "cursor_pos": -5, "hist_access_type": "range", "start": "a", "stop": None}
        elif kind == 6:
            h = {"msg_type": t}
        else:
            content = {"code": "1", "cursor_pos": 10 ** 9, "hist_access_type": "search", "pattern": None}
        p = parts_of(h, content)
        return [DELIM, sign(p)] + p  # signed: a well-meaning but broken client
    category("missing or mistyped fields (signed)", missing_fields)

    def wrong_signature(i, ch):
        p = unsigned_execute(f"badsig-{ch}-{i}")
        good = sign(p)
        kind = i % 8
        if kind == 0:
            sig = rng.randbytes(32).hex().encode()
        elif kind == 1:
            sig = sign(p, k=b"not-the-key")
        elif kind == 2:
            sig = good.upper()
        elif kind == 3:
            sig = good[:-1]
        elif kind == 4:
            sig = good + b"0"
        elif kind == 5:
            sig = sign(unsigned_execute("other"))
        elif kind == 6:
            sig = good
            p[3] = p[3].replace(b"ran", b"RAN")  # tampered after signing
        else:
            sig = hashlib.sha256(key + b"".join(p)).hexdigest().encode()  # plain hash, not an HMAC
        return [DELIM, sig] + p
    category("wrong signature", wrong_signature)

    def missing_signature(i, ch):
        p = unsigned_execute(f"nosig-{ch}-{i}")
        return [DELIM, b""] + p if i % 2 == 0 else [b"id", DELIM, b"", *p, b"buffer"]
    category("missing signature", missing_signature)

    order = [(name, make, ch, i) for name, make in cases for ch in ("shell", "control") for i in range(PER)]
    rng.shuffle(order)
    checkpoints = 0
    for n, (name, make, ch, i) in enumerate(order):
        send(ch, make(i, ch), name)
        if n % 200 == 199:
            drain()
            r = s.reply(s.kc.kernel_info(), timeout=60)
            checkpoints += 1
            if r is None or not alive(s.pid):
                break
    # Replays: one correctly signed message, sent again unchanged many times.
    replays = {}
    for ch in ("shell", "control"):
        p = parts_of(header("execute_request"), execute_content(f"replay-{ch}"))
        frames = [DELIM, sign(p)] + p
        for _ in range(PER // 5 + 1):
            send(ch, frames, "replayed message")
        replays[ch] = PER // 5 + 1
    time.sleep(0.5)
    drain()
    kernel_alive = alive(s.pid)
    after = s.execute('const fuzzAnswer: number = 6 * 7; fuzzAnswer', timeout=60) if kernel_alive else None
    time.sleep(0.5)
    found = {}
    for name in sorted(os.listdir(markers)):
        with open(os.path.join(markers, name)) as f:
            found[name] = len(f.read().splitlines())
    with open(s.log_path, "rb") as f:
        log = f.read().decode("utf8", "replace")
    result = {
        "seed": SEED, "per_category_per_channel": PER, "sent": sent, "counts": counts,
        "checkpoints_answered": checkpoints, "alive_after_fuzz": kernel_alive,
        "after": None if after is None else {
            "status": after["reply"] and after["reply"]["status"],
            "result": [c["data"].get("text/plain") for t, c in after["outputs"] if t == "execute_result"],
            "errors": errors(after)},
        "markers": found, "replays_sent": replays,
        "dropped_logged": log.count("dropped"), "log_bytes": len(log),
        "log_tail": log[-1500:],
    }
    s.close()
    for d in socks.values():
        d.close(0)
    emit(result)


main()
