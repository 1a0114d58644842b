/**
 * Links in lesson pages that point into the repository — a library function's file
 * (`../lib/optimization/optimizers.ts`) or another lesson (`04-momentum.ipynb`) — made to work on the
 * site: source files become plain pages under site/src/, lessons their rendered pages.
 * @see notebooks/00-welcome.ipynb
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

const escapeHtml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A source file as a page: its path, a link back, its text with line anchors (#L12). */
function sourcePage(path: string, text: string, depth: number): string {
  const up = "../".repeat(depth);
  const lines = text.split("\n").map((l, i) => `<span id="L${i + 1}" class="ln">${String(i + 1).padStart(4)}</span>  ${escapeHtml(l)}`).join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(path)}</title>
<style>body{font:14px/1.45 ui-monospace,monospace;margin:1rem 2rem}a{color:#1a5fb4}.ln{color:#999;user-select:none}pre{white-space:pre}</style>
</head><body><p><a href="${up}index.html">All lessons</a> · <strong>${escapeHtml(path)}</strong></p>
<pre>${lines}</pre></body></html>
`;
}

/**
 * Rewrites a lesson page's repository links (paths relative to notebooks/) and writes the
 * source pages they need; `root` is the project root, `siteDir` the site folder.
 */
export function rewriteRepoLinks(html: string, options: { root: string; siteDir: string }): string {
  return html.replace(/href="([^"#:]+)(#[^"]*)?"/g, (whole, target: string, anchor: string | undefined) => {
    const lesson = /^(?:\.\/)?(\d\d-[a-z0-9-]+)\.ipynb$/.exec(target);
    if (lesson) return `href="${lesson[1]}.html${anchor ?? ""}"`;
    if (!/\.(ts|js|json|py)$/.test(target)) return whole;
    const repoPath = normalize(join("notebooks", target));
    if (repoPath.startsWith("..") || !existsSync(join(options.root, repoPath))) return whole;
    const page = join("src", `${repoPath}.html`);
    const file = join(options.siteDir, page);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, sourcePage(repoPath, readFileSync(join(options.root, repoPath), "utf8"), repoPath.split("/").length));
    }
    return `href="${page}${anchor ?? ""}"`;
  });
}
