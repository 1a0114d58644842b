/** execute_request's user_expressions, end to end through jupyter_client (py/user_expressions.py). */
import { describePythonSuite } from "./py-suite.js";

describePythonSuite("user_expressions (real jupyter_client)", ["user_expressions"]);
