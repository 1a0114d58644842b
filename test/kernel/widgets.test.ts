/** tsdl's widgets end to end through jupyter_client acting as an ipywidgets 8 frontend (py/widgets.py). */
import { describePythonSuite } from "./py-suite.js";

describePythonSuite("widgets over comms (real jupyter_client)", ["widgets"]);
