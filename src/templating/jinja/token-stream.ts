// Token cursor with Jinja's expect()/skip_if() semantics and error texts.
import { TemplateSyntaxError } from "./errors";
import { Token, describeExpr, describeToken } from "./lexer";

export class TokenStream {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}
  get current(): Token {
    return this.tokens[this.i];
  }
  look(): Token {
    return this.tokens[Math.min(this.i + 1, this.tokens.length - 1)];
  }
  next(): Token {
    const t = this.tokens[this.i];
    if (t.type !== "eof") this.i++;
    return t;
  }
  test(expr: string, t = this.current): boolean {
    if (t.type === expr) return true;
    const c = expr.indexOf(":");
    return c >= 0 && t.type === expr.slice(0, c) && t.value === expr.slice(c + 1);
  }
  testAny(exprs: readonly string[]): boolean {
    return exprs.some((e) => this.test(e));
  }
  skipIf(expr: string): boolean {
    if (!this.test(expr)) return false;
    this.next();
    return true;
  }
  expect(expr: string): Token {
    if (!this.test(expr)) {
      const d = describeExpr(expr);
      if (this.current.type === "eof") throw TemplateSyntaxError(`unexpected end of template, expected '${d}'.`);
      throw TemplateSyntaxError(`expected token '${d}', got '${describeToken(this.current)}'`);
    }
    return this.next();
  }
}
