/** Protocol 5.5 end to end through jupyter_client and raw ZeroMQ subscribers (py/protocol_55.py). */
import { describePythonSuite } from "./py-suite.js";

describePythonSuite("protocol 5.5 (real jupyter_client)", ["protocol_55"]);
