// Figures and other displayables; re-exported by lib/index.ts.
export * from "./types.js";
export * from "./figure.js";
export * from "./layout.js";
export * from "./lines.js";
export * from "./contour.js";
export * from "./heatmap.js";
export * from "./image-grid.js";
export * from "./bars.js";
export * from "./controls.js";
export * from "./table.js";
export * from "./png.js";
export * from "./round.js";
export { plotlyHtml, PLOTLY_JS_FILE, KERNELSPEC_ENV, defaultKernelspecName } from "./plotly-html.js";
export { describeFigure } from "./describe.js";
export { figureHtml, type FigurePicture } from "./plotly-html.js";
export { pictureOf, svgDataUri, pngDataUri } from "./picture.js";
export { portabilityProblems, PORTABLE_ATTRIBUTES } from "./portable.js";
