// Statement half of the jinja2/parser.py port. No extensions: {% do %}, {% break %},
// {% continue %} are unknown tags, exactly as in OnCall's environment.
import type { Expr, MacroSig, Stmt } from "./ast";
import { TemplateAssertionError } from "./errors";
import { describeExpr, tokenize } from "./lexer";
import { ExprParser, TokenStream } from "./parser-expr";

const STATEMENT_KEYWORDS = new Set([
  "for", "if", "block", "extends", "print", "macro", "include", "from", "import", "set", "with", "autoescape",
]);

function canAssign(e: Expr): boolean {
  if (e.t === "name") return !["true", "false", "none", "True", "False", "None"].includes(e.name);
  if (e.t === "nsref") return true;
  if (e.t === "tuple" || e.t === "list") return e.items.every(canAssign);
  return false;
}

const NODE_NAMES: Record<string, string> = {
  const: "const", getattr: "getattr", getitem: "getitem", call: "call", filter: "filter", test: "test",
  condexpr: "condexpr", bin: "binexpr", concat: "concat", compare: "compare", dict: "dict",
};

export class Parser extends ExprParser {
  private readonly tagStack: string[] = [];
  private readonly endTokenStack: string[][] = [];

  constructor(source: string) {
    super(new TokenStream(tokenize(source)));
  }

  parse(): Stmt[] {
    return this.subparse(null);
  }

  private failUtEof(name: string | null, stack: string[][]): never {
    const expected = new Set<string>();
    for (const exprs of stack) for (const e of exprs) expected.add(describeExpr(e));
    const looking = stack.length ? stack[stack.length - 1].map((e) => `'${describeExpr(e)}'`).join(" or ") : null;
    const msg = [name === null ? "Unexpected end of template." : `Encountered unknown tag '${name}'.`];
    if (looking) {
      if (name !== null && expected.has(name)) {
        msg.push(`You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${looking}.`);
      } else msg.push(`Jinja was looking for the following tags: ${looking}.`);
    }
    if (this.tagStack.length) {
      msg.push(`The innermost block that needs to be closed is '${this.tagStack[this.tagStack.length - 1]}'.`);
    }
    return this.fail(msg.join(" "));
  }

  private failEof(endTokens: string[]): never {
    return this.failUtEof(null, [...this.endTokenStack, endTokens]);
  }

  private subparse(endTokens: string[] | null): Stmt[] {
    const body: Stmt[] = [];
    let data: (Expr | { t: "data"; v: string })[] = [];
    const flush = () => {
      if (data.length) body.push({ t: "output", nodes: data });
      data = [];
    };
    if (endTokens) this.endTokenStack.push(endTokens);
    try {
      while (this.stream.current.type !== "eof") {
        const token = this.stream.current;
        if (token.type === "data") {
          if (token.value) data.push({ t: "data", v: token.value as string });
          this.stream.next();
        } else if (token.type === "variable_begin") {
          this.stream.next();
          data.push(this.parseTuple({ withCondexpr: true }));
          this.stream.expect("variable_end");
        } else if (token.type === "block_begin") {
          flush();
          this.stream.next();
          if (endTokens && this.stream.testAny(endTokens)) return body;
          body.push(...this.parseStatement());
          this.stream.expect("block_end");
        } else {
          this.fail("internal parsing error");
        }
      }
      flush();
    } finally {
      if (endTokens) this.endTokenStack.pop();
    }
    return body;
  }

  private parseStatement(): Stmt[] {
    const token = this.stream.current;
    if (token.type !== "name") this.fail("tag name expected");
    const name = token.value as string;
    if (!STATEMENT_KEYWORDS.has(name) && name !== "call" && name !== "filter") {
      return this.failUtEof(name, this.endTokenStack);
    }
    this.tagStack.push(name);
    try {
      return [this.statement(name)];
    } finally {
      this.tagStack.pop();
    }
  }

  private statements(endTokens: string[], dropNeedle = false): Stmt[] {
    this.stream.skipIf("colon");
    this.stream.expect("block_end");
    const result = this.subparse(endTokens);
    if (this.stream.current.type === "eof") this.failEof(endTokens);
    if (dropNeedle) this.stream.next();
    return result;
  }

  private assignTarget(o: { withTuple?: boolean; nameOnly?: boolean; extraEnd?: string[]; withNamespace?: boolean } = {}): Expr {
    let target: Expr;
    if (o.nameOnly) target = { t: "name", name: this.stream.expect("name").value as string };
    else if (o.withTuple ?? true) {
      target = this.parseTuple({ simplified: true, extraEnd: o.extraEnd, withNamespace: o.withNamespace });
    } else target = this.parsePrimary(o.withNamespace);
    if (!canAssign(target)) this.fail(`can't assign to '${NODE_NAMES[target.t] ?? target.t}'`);
    return target;
  }

  private statement(name: string): Stmt {
    switch (name) {
      case "for": return this.parseFor();
      case "if": return this.parseIf();
      case "set": return this.parseSet();
      case "macro": {
        this.stream.next();
        const n = (this.assignTarget({ nameOnly: true }) as { name: string }).name;
        const sig = this.signature();
        return { t: "macro", name: n, ...sig, body: this.statements(["name:endmacro"], true) };
      }
      case "call": {
        this.stream.next();
        const sig = this.stream.current.type === "lparen" ? this.signature() : { args: [], defaults: [] };
        const call = this.parseExpression();
        if (call.t !== "call") this.fail("expected call");
        return { t: "callblock", call, ...sig, body: this.statements(["name:endcall"], true) };
      }
      case "filter": {
        this.stream.next();
        const filter = this.parseFilter(null, true)!;
        return { t: "filterblock", filter, body: this.statements(["name:endfilter"], true) };
      }
      case "print": {
        this.stream.next();
        const nodes: Expr[] = [];
        while (this.stream.current.type !== "block_end") {
          if (nodes.length) this.stream.expect("comma");
          nodes.push(this.parseExpression());
        }
        return { t: "output", nodes };
      }
      case "with": return this.parseWith();
      case "block": return this.parseBlock();
      case "autoescape": {
        this.stream.next();
        const expr = this.parseExpression();
        return { t: "autoescape", expr, body: this.statements(["name:endautoescape"], true) };
      }
      default: return this.parseLoad(name as "extends" | "include" | "import" | "from");
    }
  }

  private parseFor(): Stmt {
    this.stream.expect("name:for");
    const target = this.assignTarget({ extraEnd: ["name:in"] });
    this.stream.expect("name:in");
    const iter = this.parseTuple({ withCondexpr: false, extraEnd: ["name:recursive"] });
    const test = this.stream.skipIf("name:if") ? this.parseExpression() : null;
    const recursive = this.stream.skipIf("name:recursive");
    const body = this.statements(["name:endfor", "name:else"]);
    const else_ = this.stream.next().value === "endfor" ? [] : this.statements(["name:endfor"], true);
    const loopStore = (e: Expr): boolean => (e.t === "name" ? e.name === "loop" : e.t === "tuple" && e.items.some(loopStore));
    if (loopStore(target)) {
      throw TemplateAssertionError("Can't assign to special loop variable in for-loop target");
    }
    return { t: "for", target, iter, body, else_, test, recursive };
  }

  private parseIf(): Stmt {
    this.stream.expect("name:if");
    const test = this.parseTuple({ withCondexpr: false });
    const node: Stmt & { t: "if" } = { t: "if", test, body: [], elifs: [], else_: [] };
    let cur: { test: Expr; body: Stmt[] } = node;
    for (;;) {
      cur.body = this.statements(["name:elif", "name:else", "name:endif"]);
      const token = this.stream.next();
      if (token.value === "elif") {
        cur = { test: this.parseTuple({ withCondexpr: false }), body: [] };
        node.elifs.push(cur);
        continue;
      }
      if (token.value === "else") node.else_ = this.statements(["name:endif"], true);
      return node;
    }
  }

  private parseSet(): Stmt {
    this.stream.next();
    const target = this.assignTarget({ withNamespace: true });
    if (this.stream.skipIf("assign")) return { t: "assign", target, expr: this.parseTuple() };
    const filter = this.parseFilter(null);
    return { t: "assignblock", target, filter, body: this.statements(["name:endset"], true) };
  }

  private parseWith(): Stmt {
    this.stream.next();
    const targets: Expr[] = [];
    const values: Expr[] = [];
    while (this.stream.current.type !== "block_end") {
      if (targets.length) this.stream.expect("comma");
      targets.push(this.assignTarget());
      this.stream.expect("assign");
      values.push(this.parseExpression());
    }
    return { t: "with", targets, values, body: this.statements(["name:endwith"], true) };
  }

  private parseBlock(): Stmt {
    this.stream.next();
    const name = this.stream.expect("name").value as string;
    const scoped = this.stream.skipIf("name:scoped");
    this.stream.skipIf("name:required");
    if (this.stream.current.type === "sub") {
      this.fail("Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.");
    }
    const body = this.statements(["name:endblock"], true);
    this.stream.skipIf("name:" + name);
    return { t: "block", name, scoped, body };
  }

  private parseLoad(kind: "extends" | "include" | "import" | "from"): Stmt {
    this.stream.next();
    const node: Stmt & { t: "load" } = {
      t: "load", kind, template: this.parseExpression(), ignoreMissing: false, target: null, names: [],
    };
    const context = () => {
      if (this.stream.testAny(["name:with", "name:without"]) && this.stream.test("name:context", this.stream.look())) {
        this.stream.next();
        this.stream.next();
        return true;
      }
      return false;
    };
    if (kind === "include") {
      if (this.stream.test("name:ignore") && this.stream.test("name:missing", this.stream.look())) {
        node.ignoreMissing = true;
        this.stream.next();
        this.stream.next();
      }
      context();
    } else if (kind === "import") {
      this.stream.expect("name:as");
      node.target = (this.assignTarget({ nameOnly: true }) as { name: string }).name;
      context();
    } else if (kind === "from") {
      this.stream.expect("name:import");
      for (;;) {
        if (node.names.length) this.stream.expect("comma");
        if (this.stream.current.type !== "name") {
          this.stream.expect("name");
          break;
        }
        if (context()) break;
        const n = (this.assignTarget({ nameOnly: true }) as { name: string }).name;
        if (n.startsWith("_")) throw TemplateAssertionError("names starting with an underline can not be imported");
        if (this.stream.skipIf("name:as")) {
          node.names.push([n, (this.assignTarget({ nameOnly: true }) as { name: string }).name]);
        } else node.names.push(n);
        if (context() || (this.stream.current.type as string) !== "comma") break;
      }
    }
    return node;
  }

  private signature(): MacroSig {
    const sig: MacroSig = { args: [], defaults: [] };
    this.stream.expect("lparen");
    while (this.stream.current.type !== "rparen") {
      if (sig.args.length) this.stream.expect("comma");
      const arg = (this.assignTarget({ nameOnly: true }) as { name: string }).name;
      if (this.stream.skipIf("assign")) sig.defaults.push(this.parseExpression());
      else if (sig.defaults.length) this.fail("non-default argument follows default argument");
      sig.args.push(arg);
    }
    this.stream.expect("rparen");
    return sig;
  }
}
