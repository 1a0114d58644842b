/** Runtime stack traces at cell lines and columns, end to end through jupyter_client (py/tracebacks.py). */
import { describePythonSuite } from "./py-suite.js";

describePythonSuite("stack traces at cell lines (real jupyter_client)", ["tracebacks"]);
