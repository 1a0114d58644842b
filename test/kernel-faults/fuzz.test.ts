/**
 * Thousands of malformed multipart messages on shell and control (seeded): the kernel stays
 * up, runs nothing whose signature fails (each payload would create a marker file), runs a
 * replayed message once, and still answers a valid execute_request afterwards.
 */
import assert from "node:assert/strict";
import { runDriver } from "./driver.js";

interface FuzzResult {
  seed: number;
  per_category_per_channel: number;
  sent: { shell: number; control: number };
  counts: Record<string, number>;
  checkpoints_answered: number;
  alive_after_fuzz: boolean;
  after: { status: string | null; result: string[]; errors: unknown[] } | null;
  markers: Record<string, number>;
  replays_sent: { shell: number; control: number };
  dropped_logged: number;
  log_tail: string;
}

const SEED = 20261124;
const PER = 150;

describe("kernel faults: fuzzed messages on shell and control", function () {
  this.timeout(180_000);
  let r: FuzzResult;
  before(async () => {
    r = await runDriver<FuzzResult>("fuzz.py", [SEED, PER]);
    const { log_tail: _tail, ...summary } = r;
    console.log(`      fuzz summary: ${JSON.stringify(summary)}`);
  });

  it("sends thousands of malformed messages across every category", () => {
    assert.ok(r.sent.shell + r.sent.control >= 2000, `only ${r.sent.shell + r.sent.control} sent`);
    for (const category of ["wrong frame count", "bad JSON (signed)", "huge header", "unknown msg_type (signed)",
      "missing or mistyped fields (signed)", "wrong signature", "missing signature", "replayed message"]) {
      assert.ok((r.counts[category] ?? 0) > 0, `no '${category}' messages were sent`);
    }
  });

  it("stays alive and answers kernel_info at every checkpoint of the fuzz", () => {
    assert.equal(r.alive_after_fuzz, true, `kernel died; log tail:\n${r.log_tail}`);
    const expected = Math.floor((r.sent.shell + r.sent.control - 2 - r.replays_sent.shell - r.replays_sent.control) / 200);
    assert.equal(r.checkpoints_answered, expected);
  });

  it("runs the correctly signed payload (positive control) exactly once per channel", () => {
    assert.equal(r.markers["valid-shell"], 1);
    assert.equal(r.markers["valid-control"], 1);
  });

  it("never runs a message whose signature fails or is missing", () => {
    const ran = Object.keys(r.markers).filter((name) => !name.startsWith("valid-") && !name.startsWith("replay-"));
    assert.deepEqual(ran, [], `payloads of rejected messages ran: ${ran.join(", ")}`);
  });

  it("logs every dropped message", () => {
    const unsigned = (r.counts["wrong signature"] ?? 0) + (r.counts["missing signature"] ?? 0) + (r.counts["wrong frame count"] ?? 0);
    assert.ok(r.dropped_logged >= unsigned, `${r.dropped_logged} drops logged, ${unsigned} unsigned or truncated messages sent`);
  });

  it("runs a replayed message once, not once per copy (as jupyter_client's Session does)", () => {
    assert.ok(r.replays_sent.shell > 1 && r.replays_sent.control > 1);
    assert.equal(r.markers["replay-shell"], 1, `replayed shell message ran ${r.markers["replay-shell"]} times`);
    assert.equal(r.markers["replay-control"], 1, `replayed control message ran ${r.markers["replay-control"]} times`);
  });

  it("answers a valid execute_request afterwards", () => {
    assert.ok(r.after !== null, "kernel was not alive to ask");
    assert.equal(r.after.status, "ok");
    assert.deepEqual(r.after.result, ["42"]);
  });
});
