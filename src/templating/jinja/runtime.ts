// Render-time state: scopes (Jinja's frames), output buffers, deadline ticks.
import { deadlineExceeded, memoryExceeded } from "./errors";
import { MAX_STR } from "./ops";
import type { Sig } from "./call";
import { MISSING, Undefined } from "./values";

export interface FilterDef extends Sig {
  fn: (rt: Runtime, a: unknown[]) => unknown;
}
export interface TestDef extends Sig {
  fn: (rt: Runtime, a: unknown[]) => boolean;
}

export interface Env {
  filters: Map<string, FilterDef>;
  tests: Map<string, TestDef>;
  globals: Map<string, unknown>;
}

export class Runtime {
  private ticks = 0;
  macroDepth = 0;
  constructor(
    readonly env: Env,
    readonly deadline: number, // performance.now() based
  ) {}
  /** Called on every loop iteration / macro call: cooperative deadline check. */
  tick(): void {
    if ((++this.ticks & 63) === 0 && performance.now() > this.deadline) throw deadlineExceeded();
  }
}

export class Scope {
  readonly vars = new Map<string, unknown>();
  readonly autoescape: boolean;
  constructor(
    readonly parent: Scope | null,
    readonly rt: Runtime,
    autoescape?: boolean,
  ) {
    this.autoescape = autoescape ?? parent?.autoescape ?? false;
  }
  lookup(name: string): unknown {
    for (let s: Scope | null = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    const g = this.rt.env.globals.get(name);
    return g !== undefined ? g : new Undefined(null, MISSING, name);
  }
  root(): Scope {
    let s: Scope = this;
    while (s.parent) s = s.parent;
    return s;
  }
}

export class Out {
  private parts: string[] = [];
  private len = 0;
  /** `limit`: stop collecting after this many UTF-16 units (the result is truncated anyway). */
  constructor(private readonly limit = Infinity) {}
  write(s: string): void {
    if (!s || this.len > this.limit) return;
    this.len += s.length;
    if (this.len > MAX_STR) throw memoryExceeded();
    this.parts.push(s);
  }
  toString(): string {
    const s = this.parts.join("");
    this.parts = [s];
    return s;
  }
}
