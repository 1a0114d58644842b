/** Values → MIME bundles, and the display globals cells call. */
import assert from "node:assert/strict";
import { createDisplayGlobals, toBundle } from "../../kernel/display.js";
import { isDisplayable, JUPYTER_DISPLAY } from "../../lib/notebook/jupyter.js";

describe("kernel/display", () => {
  it("plain values show as util.inspect text", () => {
    assert.deepEqual(toBundle([1, "a"]), { data: { "text/plain": "[ 1, 'a' ]" }, metadata: {} });
    assert.deepEqual(toBundle(null).data, { "text/plain": "null" });
  });

  it("a value with Symbol.for('Jupyter.display') shows its own bundle (the library's convention)", () => {
    const figure = { [JUPYTER_DISPLAY]: () => ({ "text/html": "<div/>", "application/vnd.plotly.v1+json": { data: [] } }) };
    assert.ok(isDisplayable(figure));
    assert.deepEqual(toBundle(figure).data, { "text/html": "<div/>", "application/vnd.plotly.v1+json": { data: [] } });
  });

  it("binary image data becomes base64", () => {
    const image = { [Symbol.for("Jupyter.display")]: () => ({ "image/png": new Uint8Array([1, 2, 3]) }) };
    assert.equal(toBundle(image).data["image/png"], "AQID");
  });

  it("a display method that returns no bundle is an error naming what it returned", () => {
    assert.throws(() => toBundle({ [Symbol.for("Jupyter.display")]: () => 42 }), /returned 42, expected a MIME bundle/);
  });

  it("display, update by displayId, clearOutput and the helpers send the right messages", () => {
    const sent: [string, unknown][] = [];
    const g = createDisplayGlobals((type, content) => sent.push([type, content]), () => "typed") as Record<string, (...a: unknown[]) => unknown>;
    g["display"]!(g["html"]!("<b>x</b>"), { displayId: "d" });
    g["display"]!(g["markdown"]!("# y"), { displayId: "d", update: true });
    g["display"]!(g["png"]!(new Uint8Array([255])));
    g["clearOutput"]!({ wait: true });
    assert.deepEqual(sent, [
      ["display_data", { data: { "text/html": "<b>x</b>", "text/plain": "<b>x</b>" }, metadata: {}, transient: { display_id: "d" } }],
      ["update_display_data", { data: { "text/markdown": "# y", "text/plain": "# y" }, metadata: {}, transient: { display_id: "d" } }],
      ["display_data", { data: { "image/png": "/w==", "text/plain": "<image/png image>" }, metadata: {} }],
      ["clear_output", { wait: true }],
    ]);
    assert.equal(g["prompt"]!("name?"), "typed");
    assert.throws(() => g["display"]!(1, { update: true }), /needs a displayId/);
  });
});
