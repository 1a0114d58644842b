import { tf } from "../tf.cjs";

/**
 * Runs `f` with TensorFlow.js's warnings off. tfjs routes its console warnings through
 * one check, `IS_TEST || PROD` (`backend_util.warn`, flag and platform notices); `PROD`
 * changes nothing else in 4.22. The previous value is restored afterwards, so warnings
 * from the user's own code still show.
 */
export async function withoutTfjsWarnings<T>(f: () => T | Promise<T>): Promise<T> {
  const env = tf.env();
  const before = env.getBool("PROD");
  env.set("PROD", true);
  try {
    return await f();
  } finally {
    env.set("PROD", before);
  }
}
