/** Comms both ways end to end through jupyter_client acting as the frontend (py/comms.py). */
import { describePythonSuite } from "./py-suite.js";

describePythonSuite("kernel comms (real jupyter_client)", ["comms"]);
