/**
 * A stopped cell keeps what it did, end to end through jupyter_client: after a throw, a rejected
 * await, SIGINT and interrupt_request (py/stopped_cells.py).
 */
import { describePythonSuite } from "./py-suite.js";

describePythonSuite("a stopped cell keeps what it did (real jupyter_client)", ["stopped_cells"]);
