// %% [markdown]
// # 05 · Convolution and pooling, by hand
//
// A convolutional network reads an image by sliding a small grid of weights — a **kernel**, or
// **filter** — across it and taking a dot product at every position. This lesson does exactly that by
// hand, on the notes' own numbers.
//
// The notes, as the instructor wrote them:
//
// > MNIST
// >
// > 28 28 28x28 pixel
// >
// > Kernel/Filter
//
// and then a digit drawn in 0s and 1s, a 3×3 kernel, the 7×7 **feature map** they produce, the
// **dot product**, the digit once more, and four partly filled 3×3 matrices $p_1 \dots p_4$.
// The plan: a real 28×28 MNIST digit → the notes' small digit and kernel → one window and its dot
// product → sliding the window → the notes' 7×7 map, exactly, checked against `tf.conv2d` → the
// output-size formula (padding, stride) → max pooling (2×2, stride 1 and 2) → average pooling,
// shift invariance and the receptive field → several channels and the bias → learning a kernel by gradient descent
// → transposed and dilated convolutions → the notes' $p_1 \dots p_4$ → your turn.

// %%
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import {
  ensureBackend, heatmap, imageHeatmap, Table,
  loadMnist, digitRows,
  NOTES_DIGIT, NOTES_DIGIT_9X10, NOTES_KERNEL, NOTES_FEATURE_MAP,
  conv2d, convOutputSize, transposedConvOutputSize, maxPool2d, avgPool2d, convolutionStepsFigure,
  learnKernel, receptiveField, linePlot,
  Text, interact,
} from "tsdl";

const backend = await ensureBackend();   // "tensorflow", "wasm" or "cpu": the numbers are the same on each

// %% [markdown]
// ## 1 · An image is a grid of numbers: MNIST, 28×28 pixels
//
// MNIST's handwritten digits are **28 × 28 pixels**, each a grey level from 0 (black) to 255 (white),
// here divided by 255 so that it lies in $[0, 1]$. **Predict:** how many numbers describe one digit?

// %%
const mnistTest = await loadMnist("test");
const first = digitRows(mnistTest, 0);                 // [28][28], values in [0, 1]
console.log(`label ${mnistTest.labels[0]}: ${first.length} rows × ${first[0]!.length} columns = ${first.length * first[0]!.length} numbers`);
assert.equal(first.length, 28);
assert.equal(first[0]!.length, 28);
imageHeatmap(first, { title: `An MNIST test digit (label ${mnistTest.labels[0]}), 28×28 pixels`, height: 360 });

// %% [markdown]
// $28 \times 28 = 784$ numbers (and the first test digit happens to be a 7, like the notes' digit below).
// A convolutional network does not look at all 784 at once: it slides a
// small **kernel** (or **filter**) over the image and asks the same question at every position. To do
// that by hand, the notes shrink the picture to a 9×9 digit of 0s and 1s.
//
// ## 2 · The notes' digit and kernel
//
// The notes draw the digit **twice**. The first drawing (right under "Kernel/Filter") has 9 rows of
// **10** numbers; the second is a 9×9 grid. Apart from the extra column of zeros they differ in one row: row 5
// (counting from 0) reads `0 0 1 1 0 …` in the first and `0 0 0 1 1 …` in the second. Here are both,
// exactly as written:

// %%
new Table(["first drawing, 9 × 10"], NOTES_DIGIT_9X10.map((row) => [row.join("  ")]));

// %%
new Table(["second drawing, 9 × 9"], NOTES_DIGIT.map((row) => [row.join("  ")]));

// %% [markdown]
// Both are a "7" (a stroke along the top, then down to the left). The 7×7 feature map the notes print
// comes from the **second**, 9×9 drawing — section 5 checks that exactly — so that is the one the lesson
// calls the notes' digit ([`NOTES_DIGIT`](../lib/convolution/convolution-notes.ts)). As an image:

// %%
heatmap(NOTES_DIGIT, { showValues: true, colorscale: [[0, "#ffffff"], [1, "#000000"]], showScale: false, title: "The notes' digit, 9×9 (1 = ink)" });

// %% [markdown]
// The notes' **kernel** (filter), 3×3:
//
// $$K = \begin{bmatrix} 1 & 1 & 1 \\ 0 & 0 & 1 \\ 0 & 1 & 0 \end{bmatrix}$$
//
// Look at its shape: a bar along the top, then a diagonal down to the left — a tiny "7" of its own.

// %%
heatmap(NOTES_KERNEL, { showValues: true, title: "The notes' kernel K, 3×3", height: 300 });

// %% [markdown]
// ## 3 · One window, one dot product
//
// Put the kernel on a 3×3 **window** of the image and multiply the nine overlapping numbers pairwise,
// then add them up. Written as vectors (the window's nine numbers $x$ and the kernel's nine $y$, row by
// row), that is the notes' **dot product**:
//
// $$\begin{bmatrix} x_1 \\ x_2 \\ \vdots \\ x_n \end{bmatrix} \cdot \begin{bmatrix} y_1 \\ y_2 \\ \vdots \\ y_n \end{bmatrix} = x_1 y_1 + x_2 y_2 + \dots + x_n y_n$$
//
// with $n = 9$. **Predict** the dot product for the window in the top-left corner (rows 0–2, columns 0–2).

// %%
const windowAt = (image: readonly (readonly number[])[], row: number, col: number, size = 3): number[][] =>
  image.slice(row, row + size).map((r) => r.slice(col, col + size));
const dot = (x: number[], y: number[]): number => x.reduce((sum, xi, i) => sum + xi * y[i]!, 0);

const kernelVector = NOTES_KERNEL.flat();
const w00 = windowAt(NOTES_DIGIT, 0, 0);
console.log("window at (0, 0):", JSON.stringify(w00));
console.log("x =", w00.flat().join(" "), "\ny =", kernelVector.join(" "));
console.log("x · y =", w00.flat().map((v, i) => `${v}·${kernelVector[i]}`).join(" + "), "=", dot(w00.flat(), kernelVector));

// %% [markdown]
// Only one pixel of that window is ink (row 1, column 2), and the kernel has a 1 there: the answer is $1$.
// Now the window whose top-left corner is at row 1, column 4. **Predict** first — look at the digit above.

// %%
const w14 = windowAt(NOTES_DIGIT, 1, 4);
console.log("window at (1, 4):", JSON.stringify(w14));
console.log("x · y =", dot(w14.flat(), kernelVector));
assert.deepEqual(w14, NOTES_KERNEL.map((r) => [...r]));

// %% [markdown]
// That window **is** the kernel: the image has exactly the kernel's pattern there, every 1 meets a 1, and
// the dot product reaches its maximum, $5$ (the kernel has five 1s). A dot product is large where the
// window looks like the kernel: that is what a filter *detects*.
//
// ## 4 · Sliding the window
//
// Do this at every position: the window moves one column at a time along a row, then down one row, and
// each dot product lands at the same position in the output. A 3×3 window fits at $9 - 3 + 1 = 7$ positions
// per row and per column, so the output is 7×7. [`conv2d`](../lib/convolution/convolution.ts) records every step:

// %%
const notesMap = conv2d(NOTES_DIGIT, NOTES_KERNEL);
console.log(notesMap.traceText(9));

// %% [markdown]
// Move the slider to walk through all 49 steps: the red square on the left is the window, the one on the
// right is where its dot product lands ([`convolutionStepsFigure`](../lib/convolution/convolution-figures.ts)).

// %%
convolutionStepsFigure(NOTES_DIGIT, NOTES_KERNEL, { active: 11, title: "The notes' digit ⋆ kernel, one window at a time" });

// %% [markdown]
// ## 5 · The notes' 7×7 feature map, exactly
//
// The notes print:
//
// $$\begin{bmatrix}
// 1&1&1&1&1&1&0\\ 1&2&3&3&5&2&1\\ 0&0&0&2&2&1&1\\ 0&0&2&3&1&1&0\\ 0&2&3&2&2&1&0\\ 1&3&2&2&1&0&0\\ 2&2&2&1&0&0&0
// \end{bmatrix}$$
//
// **Predict** before running: which window produced the largest value, and what do the 3s trace?

// %%
notesMap;

// %%
assert.deepEqual(notesMap.output, NOTES_FEATURE_MAP.map((r) => [...r]));
console.log("conv2d(notes' digit, notes' kernel) equals the notes' 7×7 feature map, all 49 numbers");

// %% [markdown]
// The $5$ at row 1, column 4 is the window from section 3 that matches the kernel exactly. The
// 3s trace the diagonal stroke, where the kernel's diagonal part lines up with ink.
//
// And the first, 9×10 drawing? It gives a 7×8 map that does **not** match the notes' (for instance its row 3 is
// `0 1 2 2 1 1 0 0` instead of `0 0 2 3 1 1 0`) — which is how we know the map was computed from the
// second drawing:

// %%
const fromFirstDrawing = conv2d(NOTES_DIGIT_9X10, NOTES_KERNEL);
console.log(`first drawing: ${fromFirstDrawing.shape.join("×")} map`);
console.log(String(fromFirstDrawing));

// %% [markdown]
// ### Your kernel, live
//
// With a running kernel, edit the 3×3 kernel in the box below (a [`Text`](../lib/widgets/controls.ts)
// widget; rows separated by `/`, then Enter) and the feature map of the notes' digit is recomputed
// by `conv2d` and redrawn in place. Try a vertical
// edge `-1 0 1 / -1 0 1 / -1 0 1`, a horizontal one `-1 -1 -1 / 0 0 0 / 1 1 1`, the identity
// `0 0 0 / 0 1 0 / 0 0 0` or a box blur `1 1 1 / 1 1 1 / 1 1 1`: **predict** which strokes light up
// before you press Enter. (On a web page it shows the last kernel's map.)

// %%
/** "1 1 1 / 0 0 1 / 0 1 0" → the 3×3 kernel it writes, row by row. */
function parseKernel(text: string): number[][] {
  const rows = text.split("/").map((row) => row.trim().split(/[\s,]+/).filter((v) => v !== "").map(Number));
  if (rows.length !== 3 || rows.some((row) => row.length !== 3 || row.some((v) => !Number.isFinite(v)))) {
    throw new RangeError(`the kernel must be 3 rows of 3 numbers separated by '/', got '${text}'`);
  }
  return rows;
}
assert.deepEqual(parseKernel("1 1 1 / 0 0 1 / 0 1 0"), NOTES_KERNEL.map((r) => [...r]));
const kernelText = new Text({ value: "1 1 1 / 0 0 1 / 0 1 0", description: "K", continuousUpdate: false, layout: { width: "360px" } });
interact(({ kernel }) => {
  const k = parseKernel(kernel);
  return heatmap(conv2d(NOTES_DIGIT, k).output, { showValues: true, title: `The notes' digit ⋆ [${k.map((r) => r.join(" ")).join(" / ")}]`, height: 380 });
}, { kernel: kernelText });

// %% [markdown]
// ### The same numbers from TensorFlow.js
//
// `tf.conv2d` works on batches of images with channels: the input is `[batch, rows, cols, channels]`,
// the kernel `[rows, cols, inChannels, outChannels]`. Like every deep-learning library (and like `conv2d`
// above) it does **not** flip the kernel — mathematicians call this *cross-correlation*, CNNs call it
// convolution. **Predict** the output's shape.

// %%
const digitT = tf.tensor4d(NOTES_DIGIT.flat(), [1, 9, 9, 1]);     // [batch, 9, 9, 1]
const kernelT = tf.tensor4d(NOTES_KERNEL.flat(), [3, 3, 1, 1]);   // [3, 3, in 1, out 1]
const tfMap = tf.conv2d(digitT, kernelT, 1, "valid");             // stride 1, no padding
console.log("tf.conv2d output shape:", tfMap.shape, ` (computed on the ${backend} backend)`);
const tfRows = (tfMap.reshape([7, 7]).arraySync() as number[][]);
assert.deepEqual(tfRows, NOTES_FEATURE_MAP.map((r) => [...r]));
console.log("tf.conv2d gives the notes' map too");

// %% [markdown]
// ## 6 · How big is the output? Padding and stride
//
// For an input of size $i$, a kernel of size $k$, **padding** $p$ (rings of zeros added around the input)
// and **stride** $s$ (how far the window jumps) — the names of Dumoulin and Visin's *convolution arithmetic*,
// which [`convOutputSize`](../lib/convolution/convolution.ts) takes as `{ i, k, p, s }`:
//
// $$o = \left\lfloor \frac{i + 2p - k}{s} \right\rfloor + 1 .$$
//
// The notes' case: $\lfloor (9 + 0 - 3)/1 \rfloor + 1 = 7$. **Predict** the other rows of the table, among them
// MNIST's 28×28 through the 3×3 kernels of lesson 06's network.

// %%
const sizeCases: [string, number, number, number, number][] = [
  ["the notes' digit", 9, 3, 0, 1],
  ["padding 1 ('same')", 9, 3, 1, 1],
  ["stride 2", 9, 3, 0, 2],
  ["MNIST, 3×3 kernel", 28, 3, 0, 1],
  ["MNIST, 5×5, stride 2", 28, 5, 0, 2],
];
new Table(["case", "i", "k", "p", "s", "o = ⌊(i + 2p − k)/s⌋ + 1"],
  sizeCases.map(([name, i, k, p, s]) => [name, i, k, p, s, convOutputSize({ i, k, p, s })]),
  { caption: "Output size along one axis (convOutputSize)" });

// %% [markdown]
// It refuses a kernel that does not fit, and says why:

// %%
try {
  convOutputSize({ i: 2, k: 3 });
} catch (error) {
  console.log(`${(error as Error).name}: ${(error as Error).message}`);
}

// %% [markdown]
// With padding 1 the output keeps the input's 9×9 size — the border pixels get their own windows, half in
// the zeros. With stride 2 the window jumps two pixels and the output shrinks to 4×4:

// %%
const padded = conv2d(NOTES_DIGIT, NOTES_KERNEL, { padding: 1 });
const strided = conv2d(NOTES_DIGIT, NOTES_KERNEL, { stride: 2 });
console.log(`padding 1: ${padded.shape.join("×")}    stride 2: ${strided.shape.join("×")}`);
console.log(String(strided));
const tfStrided = tf.conv2d(digitT, kernelT, 2, "valid").reshape([4, 4]).arraySync() as number[][];
assert.deepEqual(strided.output, tfStrided);
const tfSame = tf.conv2d(digitT, kernelT, 1, "same").reshape([9, 9]).arraySync() as number[][];
assert.deepEqual(padded.output, tfSame);

// %%
convolutionStepsFigure(NOTES_DIGIT, NOTES_KERNEL, { padding: 1, active: 0, title: "Padding 1: the window starts on the ring of zeros" });

// %% [markdown]
// ## 7 · Max pooling: 2×2, stride 1 and stride 2
//
// A pooling layer shrinks a feature map by keeping one number per window — for **max pooling**, the
// largest. A 2×2 window with **stride 2** cuts the map into non-overlapping blocks; with **stride 1** the
// windows overlap (the notes' network in lesson 06 uses `MaxPooling2D(pool_size=(2, 2), strides=1)`).
// By the same formula with $k = 2$: stride 1 turns 7×7 into 6×6, stride 2 into $\lfloor 5/2 \rfloor + 1 = 3$, 3×3.
// **Predict** the top-left value of each.

// %%
const pooled1 = maxPool2d(NOTES_FEATURE_MAP, { size: 2, stride: 1 });
pooled1;

// %%
const pooled2 = maxPool2d(NOTES_FEATURE_MAP, { size: 2, stride: 2 });
pooled2;

// %% [markdown]
// Stride 2 keeps one number per block of four: $\max(1, 1, 1, 2) = 2$ in the corner, and the $5$ survives.
// The last row and column of the 7×7 map fit no full 2×2 block, so stride 2 drops them ("valid" pooling,
// as Keras does by default). `tf.maxPool` agrees:

// %%
const mapT = tf.tensor4d(NOTES_FEATURE_MAP.flat(), [1, 7, 7, 1]);
const tfPool1 = tf.maxPool(mapT, 2, 1, "valid").reshape([6, 6]).arraySync() as number[][];
const tfPool2 = tf.maxPool(mapT, 2, 2, "valid").reshape([3, 3]).arraySync() as number[][];
assert.deepEqual(pooled1.output, tfPool1);
assert.deepEqual(pooled2.output, tfPool2);
console.log(`stride 1: ${pooled1.shape.join("×")}, stride 2: ${pooled2.shape.join("×")}; both equal tf.maxPool`);

// %% [markdown]
// Pooling keeps *whether* a pattern was found in a neighbourhood and forgets exactly where, and stride 2 cuts
// the numbers the next layer must handle from $7 \cdot 7 = 49$ to $3 \cdot 3 = 9$ here.

// %% [markdown]
// ## 8 · Average pooling, shift invariance, the receptive field
//
// **Average pooling** keeps the mean of each window instead of its largest value
// ([`avgPool2d`](../lib/convolution/pooling.ts)). **Predict** its top-left value for 2×2, stride 2.

// %%
const averaged = avgPool2d(NOTES_FEATURE_MAP, { size: 2, stride: 2 });
const tfAvg = tf.avgPool(mapT, 2, 2, "valid").reshape([3, 3]).arraySync() as number[][];
averaged.output.forEach((row, r) => row.forEach((v, c) => assert.ok(Math.abs(v - tfAvg[r]![c]!) < 1e-6)));
console.log("average pooling equals tf.avgPool");
averaged;

// %% [markdown]
// $(1 + 1 + 1 + 2)/4 = 1.25$: the mean says how much of the pattern a block holds, the maximum only whether it
// is there.
//
// **Shift the digit.** Move the notes' digit one pixel to the right. A convolution applies the same kernel at every
// position, so its feature map moves by the same pixel (it is *equivariant*). Does max pooling (2×2, stride 2)
// hide the shift? **Predict** how many of the 9 pooled values stay the same.

// %%
assert.ok(NOTES_DIGIT.every((row) => row.at(-1) === 0), "the last column is empty, so nothing falls off");
const shifted = NOTES_DIGIT.map((row) => [0, ...row.slice(0, -1)]);          // one pixel to the right
const shiftedMap = conv2d(shifted, NOTES_KERNEL).output;
const mapMoved = notesMap.output.every((row, r) => row.slice(0, -1).every((v, c) => v === shiftedMap[r]![c + 1]));
console.log("the feature map moved by the same pixel:", mapMoved);
assert.ok(mapMoved);
const pooledShifted = maxPool2d(shiftedMap, { size: 2, stride: 2 }).output;
const unchanged = pooled2.output.flat().filter((v, n) => v === pooledShifted.flat()[n]).length;
console.log(`max pooling 2×2, stride 2: ${unchanged} of 9 pooled values unchanged by the shift`);
console.log("before:", JSON.stringify(pooled2.output), "\nafter: ", JSON.stringify(pooledShifted));

// %% [markdown]
// Pooling makes the output *partly* insensitive to small shifts — a value survives when its block's maximum stays
// inside the block — but, as the count shows, it is not invariant to a one-pixel move. Invariance grows with the
// pooling window and with depth.
//
// **Receptive field.** One number of a feature map depends on a patch of the input: 3×3 for one 3×3 convolution.
// Each layer widens the patch by $k - 1$ times the product of the strides below it
// ([`receptiveField`](../lib/convolution/receptive-field.ts); the tests count it with `tf.grad`, as the pixels an
// output's gradient reaches). **Predict** the course CNN's (Conv 3×3, then MaxPooling 2×2, stride 1).

// %%
const fieldCases: [string, { k: number; s?: number }[]][] = [
  ["one 3×3 convolution", [{ k: 3 }]],
  ["the course CNN: conv 3×3, max-pool 2×2 stride 1", [{ k: 3 }, { k: 2, s: 1 }]],
  ["two 3×3 convolutions", [{ k: 3 }, { k: 3 }]],
  ["conv 3×3, pool 2×2 stride 2, conv 3×3", [{ k: 3 }, { k: 2, s: 2 }, { k: 3 }]],
  ["(conv 3×3, pool 2×2 stride 2) twice", [{ k: 3 }, { k: 2, s: 2 }, { k: 3 }, { k: 2, s: 2 }]],
];
assert.equal(receptiveField([{ k: 3 }, { k: 2, s: 1 }]), 4);
new Table(["layers", "receptive field (pixels per side)"], fieldCases.map(([name, layers]) => [name, receptiveField(layers)]),
  { caption: "How much of the input one output sees" });

// %% [markdown]
// Each pooled unit of the course CNN sees 4×4 of MNIST's 28×28 pixels; putting the pieces together is left to the
// dense layers. Strided pooling between convolutions is how deeper networks see more of the image per unit.
//
// ## 9 · Several channels, and the bias
//
// A colour image has three channels (red, green, blue), and every layer after the first has as many channels as
// the layer before had filters. A filter then has one $k \times k$ kernel **per input channel**: it correlates
// each channel with its own kernel, **adds** the results, and adds one number, the **bias** $b$:
//
// $$\text{out} = \sum_{c=1}^{c_\text{in}} X_c \star K_c + b .$$
//
// Two channels — the notes' digit and its mirror image — with the notes' kernel and its mirror image, and $b = -2$.
// **Predict** the top-left value (the first channel's map is the notes' map).

// %%
const mirrored = NOTES_DIGIT.map((row) => [...row].reverse());
const mirroredKernel = NOTES_KERNEL.map((row) => [...row].reverse());
const bias = -2;
const byChannel = [notesMap.output, conv2d(mirrored, mirroredKernel).output];
const twoChannels = byChannel[0]!.map((row, r) => row.map((v, c) => v + byChannel[1]![r]![c]! + bias));
const x2 = tf.tensor4d(NOTES_DIGIT.flatMap((row, r) => row.flatMap((v, c) => [v, mirrored[r]![c]!])), [1, 9, 9, 2]);              // [batch, 9, 9, in 2]
const k2 = tf.tensor4d(NOTES_KERNEL.flatMap((row, r) => row.flatMap((v, c) => [v, mirroredKernel[r]![c]!])), [3, 3, 2, 1]);   // [3, 3, in 2, out 1]
const tfTwo = tf.conv2d(x2, k2, 1, "valid").add(bias).reshape([7, 7]).arraySync() as number[][];
assert.deepEqual(twoChannels, tfTwo);
console.log(`top-left: ${byChannel[0]![0]![0]} + ${byChannel[1]![0]![0]} + (${bias}) = ${twoChannels[0]![0]}; all 49 values equal tf.conv2d's plus the bias`);

// %% [markdown]
// So a layer of $c_\text{out}$ filters of size $k \times k$ over $c_\text{in}$ channels has
// $k \cdot k \cdot c_\text{in} \cdot c_\text{out}$ weights and $c_\text{out}$ biases. The course CNN's first layer has
// 16 filters of 3×3 on MNIST's one channel (lesson 06 counts the whole network):

// %%
const convParams = (k: number, cIn: number, cOut: number) => k * k * cIn * cOut + cOut;
console.log(`Conv2D(16, 3×3) on 1 channel: 3·3·1·16 + 16 = ${convParams(3, 1, 16)} parameters;  on 3 channels: ${convParams(3, 3, 16)}`);
assert.equal(convParams(3, 1, 16), 160);

// %% [markdown]
// ## 10 · Learning a kernel
//
// The notes' kernel was written by hand. A network **learns** its kernels, by gradient descent (lesson 01) on a loss.
// Take d2l's example: a 6×8 image, white (1) on both sides and black (0) in the middle, and the kernel
// $[1, -1]$, which computes $x_{\text{left}} - x_{\text{right}}$: it marks a vertical edge from white to black with $1$
// and from black to white with $-1$. **Predict** the map's first row, and the map of the image turned on its side
// (transposed).

// %%
const stripes = Array.from({ length: 6 }, () => [1, 1, 0, 0, 0, 0, 1, 1]);
const edgeKernel = [[1, -1]];
const edges = conv2d(stripes, edgeKernel).output;
const transposedImage = stripes[0]!.map((_, c) => stripes.map((row) => row[c]!));   // 8×6: the stripes run across
const edgesOfTransposed = conv2d(transposedImage, edgeKernel).output;
console.log("image ⋆ [1, −1], first row:", JSON.stringify(edges[0]));
console.log("transposed image ⋆ [1, −1]: the values are", JSON.stringify([...new Set(edgesOfTransposed.flat())]));
assert.ok(edgesOfTransposed.flat().every((v) => v === 0));

// %% [markdown]
// On the transposed image the edges run horizontally, and $[1, -1]$ sees none of them: a kernel detects one
// pattern, in one orientation. (The transposed kernel $[1, -1]^\top$ would find them.)
//
// Now pretend the kernel is unknown: from the image and the edge map alone, start a 1×2 kernel at random and
// descend on the squared error $\lVert X \star K - Y \rVert^2$, with `tf.grad` computing its gradient
// ([`learnKernel`](../lib/convolution/learn-kernel.ts)). **Predict** the kernel after 30 steps with $\eta = 0.03$.

// %%
const learned = learnKernel(stripes, edges, { shape: [1, 2], lr: 0.03, steps: 30 });
for (const t of [0, 5, 10, 20, 30]) console.log(`step ${t}: loss ${learned.losses[t]!.toExponential(2)}`);
console.log("learned kernel:", learned.kernel[0]!.map((v) => v.toFixed(4)).join(", "));
assert.ok(Math.abs(learned.kernel[0]![0]! - 1) < 0.01 && Math.abs(learned.kernel[0]![1]! + 1) < 0.01);
assert.ok(learned.losses.every((v, t) => t === 0 || v < learned.losses[t - 1]!), "the loss falls at every step");
linePlot({ y: learned.losses, name: "‖X ⋆ K − Y‖²", mode: "lines+markers" },
  { title: "Learning the kernel [1, −1] by gradient descent", xLabel: "step", yLabel: "loss", logY: true });

// %% [markdown]
// The loss falls at every step, roughly geometrically as on lesson 01's parabola (it *is* a quadratic in $K$), and
// the kernel lands on $[1, -1]$. Lesson 06 does the same for sixteen 3×3 kernels at once, with the classification
// loss instead of a known target map.
//
// ## 11 · Transposed and dilated convolutions
//
// Two more cases from the convolution arithmetic:
//
// - A **dilated** kernel spreads its $k$ taps $d$ pixels apart, so it spans $k' = k + (k - 1)(d - 1)$ pixels with
//   the same $k$ weights: $o = \lfloor (i + 2p - k')/s \rfloor + 1$.
// - A **transposed** convolution goes the other way: it maps a convolution's output size back to its input size,
//   $o' = s(i' - 1) + k - 2p$ (plus $a < s$ rows that the stride's floor had dropped). Decoders and segmentation
//   networks use it to upsample.
//
// **Predict** each output size; the cell checks it against the shapes TensorFlow.js produces.

// %%
const dilatedRows = [{ i: 7, k: 3, d: 2 }, { i: 9, k: 3, d: 3 }, { i: 28, k: 3, d: 2 }].map(({ i, k, d }) => {
  const o = convOutputSize({ i, k, d });
  const tfShape = tf.conv2d(tf.zeros([1, i, i, 1]) as tf.Tensor4D, tf.zeros([k, k, 1, 1]) as tf.Tensor4D, 1, "valid", "NHWC", d).shape;
  assert.equal(tfShape[1], o);
  return ["dilated", i, k, d, 1, o, tfShape[1]!];
});
const transposedRows = [{ i: 7, k: 3, s: 1 }, { i: 3, k: 3, s: 2 }, { i: 4, k: 2, s: 2 }].map(({ i, k, s }) => {
  const o = transposedConvOutputSize({ i, k, s });
  const tfShape = tf.conv2dTranspose(tf.zeros([1, i, i, 1]) as tf.Tensor4D, tf.zeros([k, k, 1, 1]) as tf.Tensor4D, [1, o, o, 1], s, "valid").shape;
  assert.equal(tfShape[1], o);
  assert.equal(convOutputSize({ i: o, k, s }), i, "the forward convolution maps it back");
  return ["transposed", i, k, 1, s, o, tfShape[1]!];
});
new Table(["kind", "i", "k", "d", "s", "o (formula)", "o (TensorFlow.js)"], [...dilatedRows, ...transposedRows],
  { caption: "Dilated and transposed convolutions, no padding: output size along one axis" });

// %% [markdown]
// The transposed rows undo the forward formula: the notes' 7×7 map goes back to a 9×9 grid with a 3×3 kernel,
// and a 2×2, stride-2 transposed convolution doubles a 4×4 map to 8×8.
//
// ## 12 · The notes' $p_1 \dots p_4$

//
// After the second drawing of the digit, the notes write four 3×3 matrices, partly filled in:
//
// $$p_1 = \begin{bmatrix} 0.1 & 0.2 & 0.3 \\ -1 & 0.2 & \\ 0 & & \end{bmatrix} \qquad
// p_2 = \begin{bmatrix} 0.2 & & \\ 0.5 & 1 & \\ 0.1 & & \end{bmatrix} \qquad
// p_3 = \begin{bmatrix} & & \\ & & \\ & & 0.1 \end{bmatrix} \qquad
// p_4 = \begin{bmatrix} & & \\ & & \\ & & \end{bmatrix}$$
//
// They are fragments of a board illustration, not a worked example: the blanks were never filled in, and
// $p_4$ is empty. Their values (fractions, a $-1$) are not 0s and 1s, so they are not windows of the binary
// digit; they look like **patches** of a real-valued feature map — what a *learned* kernel produces (lesson 06
// shows real ones) — cut into 3×3 pieces $p_1, p_2, p_3, p_4$, the way pooling cuts a map into windows.
//
// Here they are as the notes have them, blanks kept blank, and what **max pooling** would keep of each patch
// *from the numbers that are written* (a blank is unknown, so this is only the largest written value).

// %%
type Patch = (number | null)[][];                       // null: left blank in the notes
const notesPatches: Record<string, Patch> = {
  p1: [[0.1, 0.2, 0.3], [-1, 0.2, null], [0, null, null]],
  p2: [[0.2, null, null], [0.5, 1, null], [0.1, null, null]],
  p3: [[null, null, null], [null, null, null], [null, null, 0.1]],
  p4: [[null, null, null], [null, null, null], [null, null, null]],
};
new Table(["patch", "row 0", "row 1", "row 2", "numbers written", "largest written"],
  Object.entries(notesPatches).map(([name, p]) => {
    const written = p.flat().filter((v): v is number => v !== null);
    const row = (r: (number | null)[]) => r.map((v) => (v === null ? "·" : String(v))).join("  ");
    return [name, row(p[0]!), row(p[1]!), row(p[2]!), written.length, written.length > 0 ? Math.max(...written) : "— (blank)"];
  }),
  { caption: "The notes' p1–p4 (· = blank in the notes)" });

// %% [markdown]
// Pooling such patches would turn $p_1, p_2, p_3, p_4$ into four numbers, one per patch — $0.3$, $1$ and $0.1$ for
// the first three as far as they are written. Note the $-1$ in $p_1$: max pooling ignores it, because a larger
// value sits in the same patch. (A ReLU in front of the pool would have set it to $0$ anyway.)
//
// ## 13 · Exercises
//
// Each exercise is a function to complete (in the student version its body is `throw new Error("not implemented");`),
// followed by a locked cell of tests worth the points shown; more tests are hidden and run when the notebook is graded.
//
// ### Exercise 1 (2 points): the output size
//
// Write `outputSize({ i, k, p, s })` with the formula of section 6 ($p$ defaults to 0, $s$ to 1). If the result
// would be below 1 (the kernel does not fit), throw a `RangeError` that names the sizes.

// %% {"nbgrader": {"grade_id": "output_size", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function outputSize({ i, k, p = 0, s = 1 }: { i: number; k: number; p?: number; s?: number }): number {
  // BEGIN SOLUTION
  const o = Math.floor((i + 2 * p - k) / s) + 1;
  if (o < 1) throw new RangeError(`outputSize: a kernel of k = ${k} does not fit i = ${i} with p = ${p}`);
  return o;
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "output_size_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.equal(outputSize({ i: 9, k: 3, p: 0, s: 1 }), 7);    // the notes' map
assert.equal(outputSize({ i: 28, k: 3 }), 26);              // MNIST through a 3×3 kernel
// BEGIN HIDDEN TESTS
assert.equal(outputSize({ i: 7, k: 2, s: 2 }), 3);          // pooling 7×7, 2×2, stride 2 (the floor matters)
assert.equal(outputSize({ i: 7, k: 2, p: 0, s: 1 }), 6);
assert.equal(outputSize({ i: 9, k: 3, p: 1 }), 9);          // 'same' padding
assert.equal(outputSize({ i: 28, k: 5, p: 2, s: 2 }), 14);
assert.equal(outputSize({ i: 3, k: 3 }), 1);
assert.throws(() => outputSize({ i: 2, k: 3 }), RangeError);
for (const [i, k, p, s] of [[10, 3, 0, 3], [32, 5, 1, 2], [13, 4, 2, 3]] as const) {
  assert.equal(outputSize({ i, k, p, s }), convOutputSize({ i, k, p, s }));
}
// END HIDDEN TESTS
console.log("outputSize: visible tests passed");

// %% [markdown]
// ### Exercise 2 (3 points): convolution by hand
//
// Write `correlate(image, kernel)`: the "valid" (no padding), stride-1 cross-correlation of section 4 —
// each output entry is the dot product of the kernel with the window under it. Any rectangular sizes.

// %% {"nbgrader": {"grade_id": "correlate", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function correlate(image: number[][], kernel: number[][]): number[][] {
  // BEGIN SOLUTION
  const kh = kernel.length;
  const kw = kernel[0]!.length;
  const oh = image.length - kh + 1;
  const ow = image[0]!.length - kw + 1;
  return Array.from({ length: oh }, (_, r) =>
    Array.from({ length: ow }, (_, c) => {
      let sum = 0;
      for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) sum += image[r + a]![c + b]! * kernel[a]![b]!;
      return sum;
    }));
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "correlate_tests", "solution": false, "grade": true, "locked": true, "points": 3, "schema_version": 3}}
assert.deepEqual(correlate([[1, 2], [3, 4]], [[1, 0], [0, 1]]), [[5]]);
assert.deepEqual(correlate(NOTES_DIGIT.map((r) => [...r]), NOTES_KERNEL.map((r) => [...r])), NOTES_FEATURE_MAP.map((r) => [...r]));
// BEGIN HIDDEN TESTS
{
  // not flipped: an asymmetric kernel tells correlation from convolution
  assert.deepEqual(correlate([[1, 2, 3], [4, 5, 6]], [[1, 0], [0, 0]]), [[1, 2]]);
  // rectangular image and kernel, random values, against tf.conv2d
  const image = Array.from({ length: 6 }, (_, r) => Array.from({ length: 8 }, (_, c) => Math.sin(3 * r + c)));
  const kernel = [[0.5, -1, 2], [1.5, 0, -0.25]];
  const ref = tf.conv2d(tf.tensor4d(image.flat(), [1, 6, 8, 1]), tf.tensor4d(kernel.flat(), [2, 3, 1, 1]), 1, "valid").reshape([5, 6]).arraySync() as number[][];
  const got = correlate(image, kernel);
  assert.equal(got.length, 5);
  assert.equal(got[0]!.length, 6);
  got.forEach((row, r) => row.forEach((v, c) => assert.ok(Math.abs(v - ref[r]![c]!) < 1e-5, `(${r}, ${c}): ${v} vs ${ref[r]![c]}`)));
}
// END HIDDEN TESTS
console.log("correlate: visible tests passed");

// %% [markdown]
// ### Exercise 3 (2 points): max pooling
//
// Write `maxPool(map, size, stride)`: the largest value in each `size`×`size` window, windows starting every
// `stride` rows and columns, no padding (windows that do not fit are dropped).

// %% {"nbgrader": {"grade_id": "max_pool", "solution": true, "grade": false, "locked": false, "schema_version": 3}}
function maxPool(map: number[][], size: number, stride: number): number[][] {
  // BEGIN SOLUTION
  const oh = Math.floor((map.length - size) / stride) + 1;
  const ow = Math.floor((map[0]!.length - size) / stride) + 1;
  return Array.from({ length: oh }, (_, r) =>
    Array.from({ length: ow }, (_, c) => {
      let best = -Infinity;
      for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) best = Math.max(best, map[r * stride + a]![c * stride + b]!);
      return best;
    }));
  // END SOLUTION
}

// %% {"nbgrader": {"grade_id": "max_pool_tests", "solution": false, "grade": true, "locked": true, "points": 2, "schema_version": 3}}
assert.deepEqual(maxPool([[1, 2], [3, 4]], 2, 2), [[4]]);
assert.deepEqual(maxPool(NOTES_FEATURE_MAP.map((r) => [...r]), 2, 2), pooled2.output);
// BEGIN HIDDEN TESTS
assert.deepEqual(maxPool(NOTES_FEATURE_MAP.map((r) => [...r]), 2, 1), pooled1.output);
{
  const m = Array.from({ length: 7 }, (_, r) => Array.from({ length: 9 }, (_, c) => Math.cos(r * 1.7 + c * 0.9) - 0.5));   // negative values too
  for (const [size, stride] of [[2, 2], [3, 2], [2, 1], [3, 3]] as const) {
    const oh = Math.floor((7 - size) / stride) + 1;
    const ow = Math.floor((9 - size) / stride) + 1;
    const ref = tf.maxPool(tf.tensor4d(m.flat(), [1, 7, 9, 1]), size, stride, "valid").reshape([oh, ow]).arraySync() as number[][];
    const got = maxPool(m, size, stride);
    assert.equal(got.length, oh, `size ${size}, stride ${stride}: rows`);
    got.forEach((row, r) => { assert.equal(row.length, ow); row.forEach((v, c) => assert.ok(Math.abs(v - ref[r]![c]!) < 1e-6)); });
  }
}
// END HIDDEN TESTS
console.log("maxPool: visible tests passed");

// %% [markdown]
// ## Summary
//
// - An MNIST image is 28×28 pixels, 784 numbers. A kernel (filter) is a small grid of weights.
// - Each output number is a **dot product** $x_1y_1 + \dots + x_ny_n$ of the kernel with the window under it;
//   it is largest where the image looks like the kernel (the $5$ in the notes' map).
// - The notes' 9×9 digit and kernel $\begin{bmatrix}1&1&1\\0&0&1\\0&1&0\end{bmatrix}$ give exactly the notes'
//   7×7 map, by hand and with `tf.conv2d`.
// - Output size $\lfloor (i + 2p - k)/s \rfloor + 1$: padding keeps the size, stride shrinks it.
// - Max pooling 2×2 keeps the largest value per window: stride 1 (7×7 → 6×6), stride 2 (7×7 → 3×3); average
//   pooling keeps the mean. Pooling hides some small shifts, not all; stacking layers widens the receptive field.
// - A filter has one kernel per input channel and one bias: $k^2 c_\text{in} c_\text{out} + c_\text{out}$ parameters a layer.
// - Kernels are learned by gradient descent: $[1, -1]$ comes back from its own edge map.
// - Dilated kernels span $k + (k-1)(d-1)$ pixels; a transposed convolution maps the output size back, $s(i-1) + k - 2p$.
//
// Lesson 06 puts all of this to work: sixteen 3×3 kernels, **learned** from MNIST instead of written by hand.

// %% [markdown]
// ## The library behind this lesson
//
// Every `tsdl` function this lesson calls, and the file that defines it (each one's documentation links back here):
//
// - [`convolution.ts`](../lib/convolution/convolution.ts): `conv2d`, `convOutputSize`, `transposedConvOutputSize`, `FeatureMap`
// - [`learn-kernel.ts`](../lib/convolution/learn-kernel.ts): `learnKernel`
// - [`receptive-field.ts`](../lib/convolution/receptive-field.ts): `receptiveField`
// - [`convolution-notes.ts`](../lib/convolution/convolution-notes.ts): `NOTES_DIGIT`, `NOTES_DIGIT_9X10`, `NOTES_KERNEL`, `NOTES_FEATURE_MAP`
// - [`pooling.ts`](../lib/convolution/pooling.ts): `maxPool2d`, `avgPool2d`
// - [`convolution-figures.ts`](../lib/convolution/convolution-figures.ts): `convolutionStepsFigure`
// - [`mnist.ts`](../lib/data/mnist.ts): `loadMnist`, `digitRows`
// - [`figures/heatmap.ts`](../lib/figures/heatmap.ts): `heatmap`, `imageHeatmap`
// - [`figures/lines.ts`](../lib/figures/lines.ts): `linePlot`
// - [`figures/table.ts`](../lib/figures/table.ts): `Table`
// - [`backend.ts`](../lib/backend/index.ts): `ensureBackend`

// %% [markdown]
// ## Further reading
//
// - d2l.ai, [Convolutions for images](https://d2l.ai/chapter_convolutional-neural-networks/conv-layer.html),
//   [Padding and stride](https://d2l.ai/chapter_convolutional-neural-networks/padding-and-strides.html),
//   [Multiple input and output channels](https://d2l.ai/chapter_convolutional-neural-networks/channels.html),
//   [Pooling](https://d2l.ai/chapter_convolutional-neural-networks/pooling.html).
// - V. Dumoulin and F. Visin, [A guide to convolution arithmetic for deep learning](https://arxiv.org/abs/1603.07285)
//   (2016), with its animations at [github.com/vdumoulin/conv_arithmetic](https://github.com/vdumoulin/conv_arithmetic).
// - TensorFlow, [Convolutional Neural Network tutorial](https://www.tensorflow.org/tutorials/images/cnn).
