/**
 * tslab keeps a cell's top-level names on one `exports` object and rewrites every reference
 * to an earlier cell's name as `exports.name` — except a shorthand property: `{ x }` stays
 * `{ x }`, and fails with "x is not defined". Before compiling, this spells such a property
 * out, `{ x: x }`, when `x` means an earlier cell's name (nothing in the cell shadows it), so
 * the rewrite applies. Inserted text stays on its line; nothing else moves.
 */
import type * as TS from "typescript";

type Ts = typeof import("typescript");

export function expandShorthandToPrevious(ts: Ts, prevDecl: string, src: string): string {
  if (prevDecl === "" || !/[{,]\s*[\p{L}_$][\p{L}\p{N}_$]*\s*[,}=]/u.test(src)) return src;
  const previous = declaredNames(ts, ts.createSourceFile("prev.d.ts", prevDecl, ts.ScriptTarget.Latest, true));
  if (previous.size === 0) return src;
  const file = ts.createSourceFile("cell.ts", src, ts.ScriptTarget.Latest, true);
  const insertAt: { pos: number; name: string }[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) {
      const name = node.name.text;
      if (previous.has(name) && !shadowed(ts, node, name)) insertAt.push({ pos: node.name.end, name });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = src;
  for (const { pos, name } of insertAt.sort((a, b) => b.pos - a.pos)) out = `${out.slice(0, pos)}: ${name}${out.slice(pos)}`;
  return out;
}

/** True when a scope between `node` and the cell's top declares `name` itself. */
function shadowed(ts: Ts, node: TS.Node, name: string): boolean {
  for (let scope = node.parent; scope !== undefined; scope = scope.parent) {
    if (scopeDeclares(ts, scope, name)) return true;
  }
  return false;
}

function scopeDeclares(ts: Ts, scope: TS.Node, name: string): boolean {
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) {
    if (declaredNames(ts, scope).has(name)) return true;
  }
  if (ts.isCaseBlock(scope)) {
    return scope.clauses.some((clause) => declaredNames(ts, clause).has(name));
  }
  if (ts.isFunctionLike(scope)) {
    const names = new Set<string>();
    for (const p of scope.parameters) bindingNames(ts, p.name, names);
    if ((ts.isFunctionExpression(scope) || ts.isFunctionDeclaration(scope)) && scope.name) names.add(scope.name.text);
    const body = (scope as TS.FunctionLikeDeclarationBase).body;
    if (body !== undefined) varNames(ts, body, names);
    return names.has(name);
  }
  if ((ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) && scope.initializer) {
    const init = scope.initializer;
    if (ts.isVariableDeclarationList(init)) return init.declarations.some((d) => hasBinding(ts, d.name, name));
  }
  if (ts.isCatchClause(scope) && scope.variableDeclaration) return hasBinding(ts, scope.variableDeclaration.name, name);
  if (ts.isClassExpression(scope) && scope.name) return scope.name.text === name;
  return false;
}

/** The names a statement list declares directly (let/const/var, functions, classes, enums, imports). */
function declaredNames(ts: Ts, container: { statements: TS.NodeArray<TS.Statement> }): Set<string> {
  const names = new Set<string>();
  for (const s of container.statements) {
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) bindingNames(ts, d.name, names);
    else if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) {
      if (s.name) names.add(s.name.text);
    } else if (ts.isModuleDeclaration(s) && ts.isIdentifier(s.name)) names.add(s.name.text);
    else if (ts.isImportDeclaration(s) && s.importClause) {
      const clause = s.importClause;
      if (clause.name) names.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) names.add(e.name.text);
    } else if (ts.isImportEqualsDeclaration(s)) names.add(s.name.text);
  }
  return names;
}

/** `var` names anywhere in a function body, not inside nested functions. */
function varNames(ts: Ts, node: TS.Node, names: Set<string>): void {
  ts.forEachChild(node, (child) => {
    if (ts.isFunctionLike(child)) return;
    if (ts.isVariableDeclarationList(child) && !(child.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) {
      for (const d of child.declarations) bindingNames(ts, d.name, names);
    }
    varNames(ts, child, names);
  });
}

function bindingNames(ts: Ts, binding: TS.BindingName, names: Set<string>): void {
  if (ts.isIdentifier(binding)) names.add(binding.text);
  else for (const element of binding.elements) if (!ts.isOmittedExpression(element)) bindingNames(ts, element.name, names);
}

function hasBinding(ts: Ts, binding: TS.BindingName, name: string): boolean {
  const names = new Set<string>();
  bindingNames(ts, binding, names);
  return names.has(name);
}
