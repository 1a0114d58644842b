"""Load: N queued execute_requests answered in order with the right execution_counts; large
stdout streamed whole, in order, while the kernel's RSS (sampled from /proc) stays flat; and
interrupt/shutdown on control answered while shell is busy in a synchronous loop.

Usage: load.py QUEUED STREAM_MB LARGE_MB
"""
import queue
import sys
import threading
import time

from harness import Session, alive, emit, rss_kb, wait_for

QUEUED = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
STREAM_MB = int(sys.argv[2]) if len(sys.argv) > 2 else 100
LARGE_MB = int(sys.argv[3]) if len(sys.argv) > 3 else 250
LINE = 1024  # bytes per printed line, newline included


def queued(s):
    base = s.execute("'warm'")["reply"]["execution_count"]
    t0 = time.monotonic()
    ids = [s.kc.execute(f"{i} * 3") for i in range(QUEUED)]
    replies, results, inputs = [], {}, {}
    deadline = time.monotonic() + 300
    while len(replies) < QUEUED and time.monotonic() < deadline:
        try:
            m = s.kc.get_shell_msg(timeout=0.05)
            replies.append((m["parent_header"]["msg_id"], m["content"].get("execution_count"), m["content"]["status"]))
        except queue.Empty:
            pass
        while True:
            try:
                m = s.kc.get_iopub_msg(timeout=0)
            except queue.Empty:
                break
            parent = m["parent_header"].get("msg_id")
            if m["msg_type"] == "execute_result":
                results[parent] = (m["content"]["execution_count"], m["content"]["data"]["text/plain"])
            elif m["msg_type"] == "execute_input":
                inputs[parent] = m["content"]["execution_count"]
    seconds = time.monotonic() - t0
    in_order = [r[0] for r in replies] == ids[: len(replies)]
    counts_ok = [r[1] for r in replies] == list(range(base + 1, base + 1 + len(replies)))
    values_ok = all(results.get(mid) == (base + 1 + i, str(i * 3)) for i, mid in enumerate(ids))
    inputs_ok = all(inputs.get(mid) == base + 1 + i for i, mid in enumerate(ids))
    return {"sent": QUEUED, "replied": len(replies), "in_order": in_order, "execution_counts_ok": counts_ok,
            "results_ok": values_ok, "execute_input_counts_ok": inputs_ok,
            "statuses": sorted({r[2] for r in replies}), "seconds": round(seconds, 2)}


def stream(s, megabytes, pause=0.0, per_message=0.0):
    """Print `megabytes` MiB as numbered 1 KiB lines; check every line arrives, in order, before idle.
    With `pause`, the client reads nothing for that long first, and with `per_message` it lingers that
    long over each stream message: the kernel must wait for it, neither dropping nor hoarding output."""
    lines = megabytes * 1024
    code = (f"const pad{megabytes} = '.'.repeat({LINE});\n"
            f"for (let i = 0; i < {lines}; i++) {{ const head = `${{i}} `; "
            f"process.stdout.write(head + pad{megabytes}.slice(head.length + 1) + '\\n'); }}")
    pid = s.pid
    baseline = rss_kb(pid)
    samples = []
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            v = rss_kb(pid)
            if v is not None:
                samples.append(v)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.monotonic()
    msg_id = s.kc.execute(code)
    time.sleep(pause)
    expected, received, bad, messages, after_idle, reply = 0, 0, 0, 0, 0, None
    idle = False
    tail = ""
    deadline = time.monotonic() + 90
    while not idle and time.monotonic() < deadline:
        try:
            m = s.kc.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "stream":
            time.sleep(per_message)
            messages += 1
            text = tail + m["content"]["text"]
            received += len(m["content"]["text"])
            parts = text.split("\n")
            tail = parts.pop()
            for part in parts:
                if len(part) != LINE - 1 or not part.startswith(f"{expected} "):
                    bad += 1
                expected += 1
        elif m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            idle = True
    seconds = time.monotonic() - t0
    stop.set()
    sampler.join()
    r = s.reply(msg_id, timeout=30)
    reply = r and r["content"]["status"]
    return {"megabytes": megabytes, "pause_seconds": pause, "per_message_seconds": per_message, "bytes_expected": lines * LINE, "bytes_received": received,
            "lines_expected": lines, "lines_received": expected, "lines_bad_or_out_of_order": bad, "tail_left": len(tail),
            "stream_messages": messages, "reply": reply, "seconds": round(seconds, 2),
            "rss_baseline_kb": baseline, "rss_peak_kb": max(samples, default=None), "rss_samples": len(samples),
            "rss_after_kb": rss_kb(pid)}


def control_while_busy(s):
    """kernel_info_request and interrupt_request on control while shell runs `while (true) {}`:
    both answered, and the cell stops."""
    s.execute("let beforeBusy = 'still here';")
    msg_id = s.kc.execute("while (true) {}")
    time.sleep(1.0)
    t_info = time.monotonic()
    info = s.kc.session.msg("kernel_info_request", {})
    s.kc.control_channel.send(info)
    info_reply = s.reply(info["header"]["msg_id"], timeout=20, channel="control")
    info_reply_s = time.monotonic() - t_info
    t0 = time.monotonic()
    msg = s.kc.session.msg("interrupt_request", {})
    s.kc.control_channel.send(msg)
    reply = s.reply(msg["header"]["msg_id"], timeout=20, channel="control")
    interrupt_reply_s = time.monotonic() - t0
    cell = s.finish(msg_id, timeout=20)
    cell_ended_s = time.monotonic() - t0
    kept = [c["data"].get("text/plain") for t, c in s.execute("beforeBusy")["outputs"] if t == "execute_result"]
    return {"kernel_info_reply": info_reply and info_reply["content"].get("implementation"),
            "kernel_info_reply_seconds": round(info_reply_s, 3),
            "interrupt_reply": reply and reply["content"]["status"], "interrupt_reply_seconds": round(interrupt_reply_s, 3),
            "cell_status": cell["reply"] and cell["reply"]["status"], "cell_ename": cell["reply"] and cell["reply"].get("ename"),
            "cell_ended_seconds": round(cell_ended_s, 3), "state_kept": kept == ["'still here'"]}


def shutdown_while_busy(s):
    pid = s.pid
    s.kc.execute("while (true) {}")
    time.sleep(1.0)
    t0 = time.monotonic()
    msg = s.kc.session.msg("shutdown_request", {"restart": False})
    s.kc.control_channel.send(msg)
    reply = s.reply(msg["header"]["msg_id"], timeout=20, channel="control")
    reply_s = time.monotonic() - t0
    exited = wait_for(lambda: not alive(pid), 15)
    return {"shutdown_reply": reply and reply["content"]["status"], "shutdown_reply_seconds": round(reply_s, 3),
            "exited": exited, "exit_seconds": round(time.monotonic() - t0, 3),
            "exit_code": s.km.provisioner.process.wait(5) if exited else None}


def main():
    s = Session()
    result = {"queued": queued(s)}
    result["stream_warm_up"] = stream(s, max(1, STREAM_MB // 10))
    result["stream"] = stream(s, STREAM_MB)
    result["stream_again"] = stream(s, STREAM_MB, pause=3.0)
    # Long enough for the client to fall behind for a while: the sockets see EAGAIN at the high-water mark.
    result["stream_large"] = stream(s, LARGE_MB)
    result["interrupt_on_control"] = control_while_busy(s)
    result["shutdown_on_control"] = shutdown_while_busy(s)
    s.kc.stop_channels()
    s.log.close()
    emit(result)


if __name__ == "__main__":
    main()
