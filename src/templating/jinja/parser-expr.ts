// Operator precedence levels of jinja2/parser.py (same grammar, same error texts).
import type { Expr } from "./ast";
import { MAX_DEPTH, MAX_UNARY, PostfixParser } from "./parser-postfix";

export { TokenStream } from "./token-stream";

const COMPARE_OPS = new Set(["eq", "ne", "lt", "lteq", "gt", "gteq"]);
const MATH: Record<string, string> = { add: "+", sub: "-", mul: "*", div: "/", floordiv: "//", mod: "%" };

export class ExprParser extends PostfixParser {
  parseExpression(withCondexpr = true): Expr {
    if (++this.depth > MAX_DEPTH) this.fail("maximum recursion depth exceeded");
    try {
      return withCondexpr ? this.parseCondexpr() : this.parseOr();
    } finally {
      this.depth--;
    }
  }

  private parseCondexpr(): Expr {
    let expr1 = this.parseOr();
    while (this.stream.skipIf("name:if")) {
      const test = this.parseOr();
      const expr2 = this.stream.skipIf("name:else") ? this.parseCondexpr() : null;
      expr1 = { t: "condexpr", test, expr1, expr2 };
    }
    return expr1;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.stream.skipIf("name:or")) left = { t: "or", left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.stream.skipIf("name:and")) left = { t: "and", left, right: this.parseNot() };
    return left;
  }

  private parseNot(): Expr {
    if (this.stream.test("name:not")) {
      this.stream.next();
      return { t: "not", node: this.parseNot() };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const expr = this.parseMath1();
    const ops: { op: string; expr: Expr }[] = [];
    for (;;) {
      const type = this.stream.current.type;
      if (COMPARE_OPS.has(type)) {
        this.stream.next();
        ops.push({ op: type, expr: this.parseMath1() });
      } else if (this.stream.skipIf("name:in")) {
        ops.push({ op: "in", expr: this.parseMath1() });
      } else if (this.stream.test("name:not") && this.stream.test("name:in", this.stream.look())) {
        this.stream.next();
        this.stream.next();
        ops.push({ op: "notin", expr: this.parseMath1() });
      } else break;
    }
    return ops.length ? { t: "compare", expr, ops } : expr;
  }

  private parseMath1(): Expr {
    let left = this.parseConcat();
    while (this.stream.current.type === "add" || this.stream.current.type === "sub") {
      const op = MATH[this.stream.next().type];
      left = { t: "bin", op, left, right: this.parseConcat() };
    }
    return left;
  }

  private parseConcat(): Expr {
    const nodes = [this.parseMath2()];
    while (this.stream.current.type === "tilde") {
      this.stream.next();
      nodes.push(this.parseMath2());
    }
    return nodes.length === 1 ? nodes[0] : { t: "concat", nodes };
  }

  private parseMath2(): Expr {
    let left = this.parsePow();
    while (["mul", "div", "floordiv", "mod"].includes(this.stream.current.type)) {
      const op = MATH[this.stream.next().type];
      left = { t: "bin", op, left, right: this.parsePow() };
    }
    return left;
  }

  private parsePow(): Expr {
    let left = this.parseUnary();
    while (this.stream.current.type === "pow") {
      this.stream.next();
      left = { t: "bin", op: "**", left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(withFilter = true): Expr {
    const type = this.stream.current.type;
    let node: Expr;
    if (type === "sub" || type === "add") {
      this.stream.next();
      if (++this.unaryDepth > MAX_UNARY) this.fail("maximum recursion depth exceeded");
      node = { t: type === "sub" ? "neg" : "pos", node: this.parseUnary(false) };
      this.unaryDepth--;
    } else node = this.parsePrimary();
    node = this.parsePostfix(node);
    return withFilter ? this.parseFilterExpr(node) : node;
  }

  private parseFilterExpr(node: Expr): Expr {
    for (;;) {
      const type = this.stream.current.type;
      if (type === "pipe") node = this.parseFilter(node)!;
      else if (type === "name" && this.stream.current.value === "is") node = this.parseTest(node);
      else if (type === "lparen") node = { t: "call", node, ...this.parseCallArgs() };
      else return node;
    }
  }





}
