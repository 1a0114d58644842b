/** A Stop button stops a real trainModel run while its cell awaits, through jupyter_client as the frontend (py/stop_training.py). */
import { describePythonSuite } from "./py-suite.js";

describePythonSuite("a Stop button for training (real jupyter_client)", ["stop_training"]);
