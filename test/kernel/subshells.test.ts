/** Kernel subshells end to end through jupyter_client (py/subshells.py). */
import { describePythonSuite } from "./py-suite.js";

describePythonSuite("kernel subshells (real jupyter_client)", ["subshells"]);
