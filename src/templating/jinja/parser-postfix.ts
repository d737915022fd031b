// Primaries, literals, subscripts, calls, filters and tests (jinja2/parser.py).
import type { CallArgs, Expr, FilterExpr } from "./ast";
import { TemplateSyntaxError } from "./errors";
import { describeToken } from "./lexer";
import { TokenStream } from "./token-stream";

// CPython's recursion limit stops Jinja's recursive-descent parser at about these depths.
export const MAX_DEPTH = 70; // nested (...) / [...] / {...}
export const MAX_UNARY = 490; // - - - ... 1

export abstract class PostfixParser {
  protected depth = 0;
  protected unaryDepth = 0;
  constructor(protected readonly stream: TokenStream) {}

  fail(msg: string): never {
    throw TemplateSyntaxError(msg);
  }

  abstract parseExpression(withCondexpr?: boolean): Expr;

  parsePrimary(withNamespace = false): Expr {
    const token = this.stream.current;
    if (token.type === "name") {
      this.stream.next();
      const v = token.value as string;
      if (["true", "false", "True", "False"].includes(v)) return { t: "const", v: v === "true" || v === "True" };
      if (v === "none" || v === "None") return { t: "const", v: null };
      if (withNamespace && this.stream.current.type === "dot") {
        this.stream.next();
        const attr = this.stream.expect("name").value as string;
        return { t: "nsref", name: v, attr };
      }
      return { t: "name", name: v };
    }
    if (token.type === "string") {
      let s = "";
      while (this.stream.current.type === "string") s += this.stream.next().value as string;
      return { t: "const", v: s };
    }
    if (token.type === "integer" || token.type === "float") {
      this.stream.next();
      return { t: "const", v: token.value };
    }
    if (token.type === "lparen") {
      this.stream.next();
      const node = this.parseTuple({ explicitParentheses: true });
      this.stream.expect("rparen");
      return node;
    }
    if (token.type === "lbracket") return this.parseList();
    if (token.type === "lbrace") return this.parseDict();
    return this.fail(`unexpected '${describeToken(token)}'`);
  }

  isTupleEnd(extraEnd?: readonly string[]): boolean {
    const type = this.stream.current.type;
    if (type === "variable_end" || type === "block_end" || type === "rparen") return true;
    return extraEnd ? this.stream.testAny(extraEnd) : false;
  }

  parseTuple(o: { simplified?: boolean; withCondexpr?: boolean; extraEnd?: readonly string[];
    explicitParentheses?: boolean; withNamespace?: boolean } = {}): Expr {
    const parse = o.simplified
      ? () => this.parsePrimary(o.withNamespace)
      : () => this.parseExpression(o.withCondexpr ?? true);
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.stream.expect("comma");
      if (this.isTupleEnd(o.extraEnd)) break;
      items.push(parse());
      if (this.stream.current.type === "comma") isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length) return items[0];
      if (!o.explicitParentheses) {
        this.fail(`Expected an expression, got '${describeToken(this.stream.current)}'`);
      }
    }
    return { t: "tuple", items };
  }

  protected parseList(): Expr {
    this.stream.expect("lbracket");
    const items: Expr[] = [];
    while (this.stream.current.type !== "rbracket") {
      if (items.length) this.stream.expect("comma");
      if (this.stream.current.type === "rbracket") break;
      items.push(this.parseExpression());
    }
    this.stream.expect("rbracket");
    return { t: "list", items };
  }

  protected parseDict(): Expr {
    this.stream.expect("lbrace");
    const items: [Expr, Expr][] = [];
    while (this.stream.current.type !== "rbrace") {
      if (items.length) this.stream.expect("comma");
      if (this.stream.current.type === "rbrace") break;
      const key = this.parseExpression();
      this.stream.expect("colon");
      items.push([key, this.parseExpression()]);
    }
    this.stream.expect("rbrace");
    return { t: "dict", items };
  }

  parsePostfix(node: Expr): Expr {
    for (;;) {
      const type = this.stream.current.type;
      if (type === "dot" || type === "lbracket") node = this.parseSubscript(node);
      else if (type === "lparen") node = { t: "call", node, ...this.parseCallArgs() };
      else return node;
    }
  }

  protected parseSubscript(node: Expr): Expr {
    const token = this.stream.next();
    if (token.type === "dot") {
      const attr = this.stream.next();
      if (attr.type === "name") return { t: "getattr", node, attr: attr.value as string };
      if (attr.type !== "integer") this.fail("expected name or number");
      return { t: "getitem", node, arg: { t: "const", v: attr.value } };
    }
    const args: Expr[] = [];
    while (this.stream.current.type !== "rbracket") {
      if (args.length) this.stream.expect("comma");
      args.push(this.parseSubscribed());
    }
    this.stream.expect("rbracket");
    return { t: "getitem", node, arg: args.length === 1 ? args[0] : { t: "tuple", items: args } };
  }

  protected parseSubscribed(): Expr {
    const args: (Expr | null)[] = [];
    if (this.stream.current.type === "colon") {
      this.stream.next();
      args.push(null);
    } else {
      const node = this.parseExpression();
      if (this.stream.current.type !== "colon") return node;
      this.stream.next();
      args.push(node);
    }
    const type = () => this.stream.current.type;
    if (type() === "colon") args.push(null);
    else if (type() !== "rbracket" && type() !== "comma") args.push(this.parseExpression());
    else args.push(null);
    if (type() === "colon") {
      this.stream.next();
      args.push(type() !== "rbracket" && type() !== "comma" ? this.parseExpression() : null);
    } else args.push(null);
    return { t: "slice", start: args[0], stop: args[1], step: args[2] };
  }

  parseCallArgs(): CallArgs {
    this.stream.expect("lparen");
    const out: CallArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    const ensure = (ok: boolean) => {
      if (!ok) this.fail("invalid syntax for function call expression");
    };
    let requireComma = false;
    while (this.stream.current.type !== "rparen") {
      if (requireComma) {
        this.stream.expect("comma");
        if (this.stream.current.type === "rparen") break;
      }
      if (this.stream.current.type === "mul") {
        ensure(out.dynArgs === null && out.dynKwargs === null);
        this.stream.next();
        out.dynArgs = this.parseExpression();
      } else if (this.stream.current.type === "pow") {
        ensure(out.dynKwargs === null);
        this.stream.next();
        out.dynKwargs = this.parseExpression();
      } else if (this.stream.current.type === "name" && this.stream.look().type === "assign") {
        ensure(out.dynKwargs === null);
        const key = this.stream.next().value as string;
        this.stream.next();
        out.kwargs.push([key, this.parseExpression()]);
      } else {
        ensure(out.dynArgs === null && out.dynKwargs === null && !out.kwargs.length);
        out.args.push(this.parseExpression());
      }
      requireComma = true;
    }
    this.stream.expect("rparen");
    return out;
  }

  parseFilter(node: Expr | null, startInline = false): FilterExpr | null {
    let result: Expr | null = node;
    while (this.stream.current.type === "pipe" || startInline) {
      if (!startInline) this.stream.next();
      let name = this.stream.expect("name").value as string;
      while (this.stream.current.type === "dot") {
        this.stream.next();
        name += "." + (this.stream.expect("name").value as string);
      }
      const args: CallArgs = this.stream.current.type === "lparen"
        ? this.parseCallArgs() : { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
      result = { t: "filter", node: result, name, ...args };
      startInline = false;
    }
    return result as FilterExpr | null;
  }

  protected parseTest(node: Expr): Expr {
    this.stream.next();
    const negated = this.stream.skipIf("name:not");
    let name = this.stream.expect("name").value as string;
    while (this.stream.current.type === "dot") {
      this.stream.next();
      name += "." + (this.stream.expect("name").value as string);
    }
    let args: CallArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    const cur = this.stream.current;
    if (cur.type === "lparen") args = this.parseCallArgs();
    else if (["name", "string", "integer", "float", "lparen", "lbracket", "lbrace"].includes(cur.type)
      && !this.stream.testAny(["name:else", "name:or", "name:and"])) {
      if (this.stream.test("name:is")) this.fail("You cannot chain multiple tests with is");
      args.args = [this.parsePostfix(this.parsePrimary())];
    }
    const test: Expr = { t: "test", node, name, ...args };
    return negated ? { t: "not", node: test } : test;
  }
}
