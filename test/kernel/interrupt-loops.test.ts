/**
 * An interrupt stops a loop after an `await` and in timer callbacks, end to end through
 * jupyter_client (py/interrupt_loops.py).
 */
import { describePythonSuite } from "./py-suite.js";

describePythonSuite("an interrupt reaches every loop (real jupyter_client)", ["interrupt_loops"]);
