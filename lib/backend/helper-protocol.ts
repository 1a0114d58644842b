/** Slots of the Int32 control block shared with the helper thread. */
export const CONTROL = { request: 0, done: 1, kind: 2, from: 3, to: 4, failed: 5, length: 8 } as const;
/** Where the float64 job parameters start in the control buffer (bytes). */
export const PARAMS_OFFSET = CONTROL.length * 4;
/** The job kind that ends the helper's loop. */
export const STOP = -1;
