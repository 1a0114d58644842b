"""Hostile cells, one after another in one kernel: each should end in an error in its own cell
(or, where the process cannot survive, in a clean restart through KernelManager, as with
ipykernel), and a variable defined first must still be there after every case the process
survives. Prints what happened for each case as JSON.
"""
import time

from harness import Session, alive, descendants, emit, errors, rss_kb, stream_text, wait_for

KEEP = 'keepMe'


def main():
    s = Session()
    cases = []
    first_pid = s.pid
    setup = s.execute(f'let {KEEP} = "kept"; {KEEP}')
    assert setup["reply"]["status"] == "ok", setup

    def kept():
        r = s.execute(KEEP, timeout=30)
        return [c["data"].get("text/plain") for t, c in r["outputs"] if t == "execute_result"] == ["'kept'"]

    def summary(r):
        reply = r["reply"] or {}
        return {"status": reply.get("status"), "ename": reply.get("ename"), "evalue": (reply.get("evalue") or "")[:200],
                "error_outputs": [(e["ename"], e["evalue"][:200]) for e in errors(r)], "idle": r["idle"]}

    def case(name, code, interrupt_after=None, timeout=60):
        t0 = time.monotonic()
        msg_id = s.kc.execute(code)
        if interrupt_after is not None:
            time.sleep(interrupt_after)
            s.km.interrupt_kernel()  # SIGINT, as the kernelspec's interrupt_mode "signal" says
        r = s.finish(msg_id, timeout)
        entry = {"case": name, **summary(r), "seconds": round(time.monotonic() - t0, 2), "alive": alive(s.pid)}
        entry["state_kept"] = kept() if entry["alive"] else None
        cases.append(entry)
        return r

    case("infinite synchronous loop (SIGINT after 1 s)", "while (true) {}", interrupt_after=1.0)
    case("never-settling promise (SIGINT after 1 s)", "await new Promise<void>(() => {});", interrupt_after=1.0)
    case("stack overflow", "function down(n: number): number { return down(n + 1) + 1; }\ndown(0);")
    case("1 GiB string", 'const huge = "x".repeat(2 ** 30); huge.length')
    rss_before = rss_kb(s.pid)
    big = case("1 GiB typed array, filled", "let gig: Uint8Array | undefined = new Uint8Array(2 ** 30).fill(1); gig.length")
    rss_with = rss_kb(s.pid)
    s.execute("gig = undefined; (globalThis as any).gc?.();")
    cases[-1].update({"rss_before_kb": rss_before, "rss_with_kb": rss_with,
                      "result": [c["data"].get("text/plain") for t, c in big["outputs"] if t == "execute_result"]})

    # Errors raised by a cell's timers after the cell ended belong to that cell, not to the one running.
    def late(name, code, tag, while_next_runs):
        a = s.execute(code.replace("TAG", tag))
        b = s.execute("await new Promise((resolve) => setTimeout(resolve, 1000)); 'next cell done'") if while_next_runs \
            else None
        if b is None:
            time.sleep(1.0)
        s.pump(lambda: False, timeout=0.5)
        a_errors = [(c["ename"], c["evalue"]) for t, c in
                    [(m["msg_type"], m["content"]) for m in s.by_parent.get(a["msg_id"], [])] if t == "error"]
        b_errors = [] if b is None else [(c["ename"], c["evalue"]) for t, c in
                                         [(m["msg_type"], m["content"]) for m in s.by_parent.get(b["msg_id"], [])]
                                         if t == "error"]
        stray = [(m["content"].get("ename"), m["content"].get("evalue")) for p, ms in s.by_parent.items()
                 if p not in (a["msg_id"], None if b is None else b["msg_id"]) for m in ms if m["msg_type"] == "error"
                 and m["content"].get("evalue", "") == tag]
        entry = {"case": name, "status": a["reply"]["status"], "errors_in_own_cell": a_errors,
                 "errors_in_next_cell": b_errors, "next_status": None if b is None else b["reply"]["status"],
                 "errors_elsewhere": stray, "alive": alive(s.pid)}
        entry["state_kept"] = kept() if entry["alive"] else None
        cases.append(entry)

    late("unhandled rejection from a timer after the cell ended (next cell running)",
         "setTimeout(() => { Promise.reject(new Error('TAG')); }, 300); 'scheduled'", "late rejection A", True)
    late("exception thrown in a callback after the cell ended (next cell running)",
         "setTimeout(() => { throw new Error('TAG'); }, 300); 'scheduled'", "late throw B", True)
    late("exception thrown in a callback after the cell ended (kernel idle)",
         "setTimeout(() => { throw new Error('TAG'); }, 300); 'scheduled'", "late throw C", False)
    late("unhandled rejection from a timer after the cell ended (kernel idle)",
         "setTimeout(async () => { throw new Error('TAG'); }, 300); 'scheduled'", "late rejection D", False)

    # process.stdout written by a timer: every tick belongs to the cell that started the timer.
    a = s.execute("let ticks = 0; const ticker = setInterval(() => { process.stdout.write(`tick ${++ticks}\\n`); }, 20); 'ticking'")
    b = s.execute("await new Promise((resolve) => setTimeout(resolve, 500)); console.log('B says hi');")
    c = s.execute("clearInterval(ticker); ticks")
    s.pump(lambda: False, timeout=0.5)
    ticks = int([cc["data"]["text/plain"] for t, cc in c["outputs"] if t == "execute_result"][0])
    a_text = "".join(m["content"]["text"] for m in s.by_parent.get(a["msg_id"], []) if m["msg_type"] == "stream")
    cases.append({"case": "process.stdout.write from a timer while later cells run",
                  "ticks": ticks, "tick_lines_in_own_cell": a_text.count("tick "),
                  "tick_lines_in_ordered": a_text == "".join(f"tick {i}\n" for i in range(1, ticks + 1)),
                  "next_cell_stdout": stream_text(b), "tick_lines_elsewhere": stream_text(b).count("tick ") +
                  stream_text(c).count("tick "), "alive": alive(s.pid), "state_kept": kept()})

    # process.exit(): the process cannot go on. Either the kernel turns it into an error (state kept),
    # or it exits, and a restart through KernelManager brings a fresh kernel, leaving nothing behind.
    pid = s.pid
    r = s.execute("console.log('last words'); process.exit(3);", timeout=10)
    exited = wait_for(lambda: not alive(pid), 10)
    entry = {"case": "process.exit(3)", **summary(r), "stdout": stream_text(r), "alive": not exited,
             "exit_code": s.km.provisioner.process.poll() if exited else None}
    if exited:
        t0 = time.monotonic()
        s.km.restart_kernel(now=True)
        s.kc.wait_for_ready(timeout=60)
        after = s.execute("1 + 1")
        entry.update({"restarted": [cc["data"].get("text/plain") for t, cc in after["outputs"] if t == "execute_result"] == ["2"],
                      "restart_seconds": round(time.monotonic() - t0, 2), "new_pid": s.pid != pid,
                      "old_pid_gone": not alive(pid), "state_after_restart_is_fresh": not kept()})
    else:
        entry["state_kept"] = kept()
    cases.append(entry)
    result = {"cases": cases, "first_pid": first_pid, "kernel_children": descendants(s.pid)}
    s.close()
    with open(s.log_path, "rb") as f:
        result["log_tail"] = f.read().decode("utf8", "replace")[-3000:]
    emit(result)


main()
