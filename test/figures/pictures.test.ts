/** The notebook-wide figure picture switch through a real kernel and jupyter_client (../kernel/py/figure_pictures.py). */
import { describePythonSuite } from "../kernel/py-suite.js";

describePythonSuite("figurePictures and TSDL_FIGURE_PICTURES (real kernel, jupyter_client)", ["figure_pictures"]);
