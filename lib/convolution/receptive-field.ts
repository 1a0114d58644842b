import { checkInteger } from "../notebook/check-numbers.js";

/**
 * The receptive field of a stack of convolution and pooling layers: how many input pixels
 * (along one axis) one output of the last layer depends on. Layer l, with kernel k_l
 * (dilated: k_l + (k_l − 1)(d_l − 1)) and stride s_l, widens it by (k_l − 1) times the
 * product of the strides below it:  r = 1 + Σ_l (k_l − 1) · s_1 ⋯ s_{l−1}.
 * The tests count, with `tf.grad`, the input pixels that an output's gradient reaches.
 * @see notebooks/05-convolution.ipynb
 */
export function receptiveField(layers: { k: number; s?: number; d?: number }[]): number {
  if (!Array.isArray(layers)) throw new TypeError(`receptiveField: layers must be an array of { k, s, d }, got ${typeof layers}`);
  let field = 1;
  let jump = 1;
  layers.forEach((layer, l) => {
    const { k, s = 1, d = 1 } = layer ?? ({} as { k: number });
    checkInteger("receptiveField", `layers[${l}].k`, k, 1);
    checkInteger("receptiveField", `layers[${l}].s`, s, 1);
    checkInteger("receptiveField", `layers[${l}].d`, d, 1);
    field += (k + (k - 1) * (d - 1) - 1) * jump;
    jump *= s;
  });
  return field;
}
