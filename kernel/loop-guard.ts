/**
 * A TypeScript transformer that makes every loop of a cell interruptible: each `for`, `for in`,
 * `for of`, `while` and `do` body starts with a call to the global `LOOP_GUARD` function,
 * which throws `Interrupted` once an interrupt has arrived (interrupts.ts). The calls have no
 * source positions, so the cell's source map still points at the user's lines.
 */
import type { Node, SourceFile, Statement, TransformerFactory } from "typescript";

type TS = typeof import("typescript");

/** The global function a guarded loop calls on each turn. */
export const LOOP_GUARD = "__tsdlInterruptCheck";

export function loopGuard(ts: TS): TransformerFactory<SourceFile> {
  return (context) => {
    const f = context.factory;
    const guard = () => f.createExpressionStatement(f.createCallExpression(f.createIdentifier(LOOP_GUARD), undefined, []));
    const guarded = (body: Statement): Statement =>
      ts.isBlock(body) ? f.updateBlock(body, [guard(), ...body.statements]) : f.createBlock([guard(), body], true);
    const visit = (node: Node): Node => {
      const n = ts.visitEachChild(node, visit, context);
      if (ts.isWhileStatement(n)) return f.updateWhileStatement(n, n.expression, guarded(n.statement));
      if (ts.isDoStatement(n)) return f.updateDoStatement(n, guarded(n.statement), n.expression);
      if (ts.isForStatement(n)) return f.updateForStatement(n, n.initializer, n.condition, n.incrementor, guarded(n.statement));
      if (ts.isForInStatement(n)) return f.updateForInStatement(n, n.initializer, n.expression, guarded(n.statement));
      if (ts.isForOfStatement(n)) return f.updateForOfStatement(n, n.awaitModifier, n.initializer, n.expression, guarded(n.statement));
      return n;
    };
    return (file) => ts.visitNode(file, visit) as SourceFile;
  };
}
