/**
 * The course site's front page: every lesson with its title and summary, in order.
 * @see notebooks/00-welcome.ipynb
 */
import type { LessonInfo } from "./lessons.js";

const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Inline code and links of a summary, the rest escaped (summaries are short markdown). */
function inlineMarkdown(s: string): string {
  return escapeHtml(s)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\*([^*\s][^*]*)\*/g, "<em>$1</em>")
    .replace(/\[([^\]]+)\]\([^)]+\)/g, "$1");
}

export function indexPage(lessons: LessonInfo[], options: { title: string; studentDir: string }): string {
  const items = lessons.map((l) => `    <li>
      <a class="title" href="${escapeHtml(l.name)}.html">${escapeHtml(l.title)}</a>
      <span class="files"><a href="${escapeHtml(options.studentDir)}/${escapeHtml(l.name)}.ipynb">student notebook</a></span>
      <p>${inlineMarkdown(l.summary)}</p>
    </li>`).join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  h1 { font-size: 1.8rem; }
  ul { list-style: none; padding-left: 0; }
  li { margin: 1.2rem 0; }
  a.title { font-size: 1.15rem; font-weight: 600; color: #1a5fb4; text-decoration: none; }
  .files { margin-left: 0.8rem; font-size: 0.85rem; }
  .files a { color: #666; }
  p { margin: 0.3rem 0 0; color: #444; }
  code { background: #f3f3f3; padding: 0 0.2em; border-radius: 3px; }
</style>
<script type="text/x-mathjax-config">MathJax.Hub.Config({ tex2jax: { inlineMath: [["$", "$"]], processEscapes: true } });</script>
<script src="mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"></script>
</head>
<body>
<h1>${escapeHtml(options.title)}</h1>
<p>Each lesson is a notebook on the <code>tsdl</code> TypeScript kernel, shown here with its outputs.
Figures are interactive; the student notebooks have the exercises to fill in.</p>
<ul>
${items}
</ul>
</body>
</html>
`;
}
