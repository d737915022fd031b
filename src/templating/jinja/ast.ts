// Template AST (mirrors jinja2.nodes for the constructs the parser produces).
export interface CallArgs {
  args: Expr[];
  kwargs: [string, Expr][];
  dynArgs: Expr | null;
  dynKwargs: Expr | null;
}

export type Expr =
  | { t: "const"; v: unknown }
  | { t: "name"; name: string }
  | { t: "nsref"; name: string; attr: string }
  | { t: "getattr"; node: Expr; attr: string }
  | { t: "getitem"; node: Expr; arg: Expr }
  | { t: "slice"; start: Expr | null; stop: Expr | null; step: Expr | null }
  | ({ t: "call"; node: Expr } & CallArgs)
  | FilterExpr
  | ({ t: "test"; node: Expr; name: string } & CallArgs)
  | { t: "condexpr"; test: Expr; expr1: Expr; expr2: Expr | null }
  | { t: "and" | "or"; left: Expr; right: Expr }
  | { t: "not" | "neg" | "pos"; node: Expr }
  | { t: "bin"; op: string; left: Expr; right: Expr }
  | { t: "concat"; nodes: Expr[] }
  | { t: "compare"; expr: Expr; ops: { op: string; expr: Expr }[] }
  | { t: "list" | "tuple"; items: Expr[] }
  | { t: "dict"; items: [Expr, Expr][] };

export type FilterExpr = { t: "filter"; node: Expr | null; name: string } & CallArgs;

export interface MacroSig {
  args: string[];
  defaults: Expr[];
}

export type Stmt =
  | { t: "output"; nodes: (Expr | { t: "data"; v: string })[] }
  | { t: "for"; target: Expr; iter: Expr; body: Stmt[]; else_: Stmt[]; test: Expr | null; recursive: boolean }
  | { t: "if"; test: Expr; body: Stmt[]; elifs: { test: Expr; body: Stmt[] }[]; else_: Stmt[] }
  | { t: "assign"; target: Expr; expr: Expr }
  | { t: "assignblock"; target: Expr; filter: FilterExpr | null; body: Stmt[] }
  | ({ t: "macro"; name: string; body: Stmt[] } & MacroSig)
  | ({ t: "callblock"; call: Expr; body: Stmt[] } & MacroSig)
  | { t: "filterblock"; filter: FilterExpr; body: Stmt[] }
  | { t: "with"; targets: Expr[]; values: Expr[]; body: Stmt[] }
  | { t: "block"; name: string; scoped: boolean; body: Stmt[] }
  | { t: "load"; kind: "extends" | "include" | "import" | "from"; template: Expr; ignoreMissing: boolean;
      target: string | null; names: (string | [string, string])[] }
  | { t: "autoescape"; expr: Expr; body: Stmt[] };
