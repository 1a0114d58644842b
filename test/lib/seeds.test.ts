// Results over seeds: mean ± standard error, and the paired comparison the lessons print.
import assert from "node:assert/strict";
import { compareSeeds, formatMeanSE, meanSE } from "../../lib/index.js";

describe("results over seeds", () => {
  it("meanSE is the mean and s/√n, with no SE for one value", () => {
    const m = meanSE([0.9, 0.92, 0.94]);
    assert.ok(Math.abs(m.mean - 0.92) < 1e-12);
    assert.ok(Math.abs(m.se - 0.02 / Math.sqrt(3)) < 1e-12);   // s = 0.02
    assert.equal(m.n, 3);
    assert.ok(Number.isNaN(meanSE([0.5]).se));
    assert.equal(formatMeanSE(m), "92.0 ± 1.2");
    assert.equal(formatMeanSE(meanSE([0.5])), "50.0 (1 seed)");
    assert.throws(() => meanSE([]), /non-empty list of finite numbers, got \[\]/);
    assert.throws(() => meanSE([1, Number.NaN]), /got \[1, NaN\]/);
  });

  it("compareSeeds counts a difference only beyond twice its SE, seed by seed", () => {
    assert.equal(compareSeeds([0.95, 0.96, 0.97], [0.90, 0.91, 0.92]).verdict, "higher than");
    assert.equal(compareSeeds([0.85, 0.86, 0.87], [0.90, 0.91, 0.92]).verdict, "lower than");
    // differences +0.05, −0.04, +0.01: mean 0.0067, SE 0.026
    assert.equal(compareSeeds([0.95, 0.87, 0.93], [0.90, 0.91, 0.92]).verdict, "not distinguishable from");
    assert.equal(compareSeeds([0.99], [0.5]).verdict, "not distinguishable from", "one seed never counts");
    assert.throws(() => compareSeeds([1, 2], [1]), /2 values against 1 baseline values/);
  });
});
