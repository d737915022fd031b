// Jinja's built-in tests (`x is odd`, `select("==", 1)` ...).
import { test } from "./filters-util";
import { arith } from "./arith";
import { compare, contains, eq, isIterable, pyLen, truthy } from "./ops";
import { percentFormat } from "./pyformat";
import { str } from "./python-repr";
import type { Runtime, TestDef } from "./runtime";
import { pyIsCase } from "./strings";
import { failUndefined } from "./undefined";
import {
  Markup, PyDictView, PyFloat, PyObj, PyTuple, Undefined, isFloat, isInt, isNumber, isStr, strOf,
} from "./values";

function mod(a: unknown, b: unknown): unknown {
  if (isStr(a)) return percentFormat(strOf(a), b);
  return arith("%", a, b);
}

function isSequence(v: unknown): boolean {
  if (v instanceof PyDictView || v instanceof PyObj) return false;
  try {
    pyLen(v);
    return isStr(v) || Array.isArray(v) || v instanceof PyTuple || v instanceof Map || v instanceof Undefined;
  } catch {
    return false;
  }
}

function op(name: string, cmp: string): [string, TestDef] {
  return test(name, cmp, ["a", "b"], (_r, [a, b]) => compare(cmp, a, b));
}

const ops: [string, string][] = [
  ["==", "eq"], ["eq", "eq"], ["equalto", "eq"], ["!=", "ne"], ["ne", "ne"], [">", "gt"], ["gt", "gt"],
  ["greaterthan", "gt"], [">=", "gteq"], ["ge", "gteq"], ["<", "lt"], ["lt", "lt"], ["lessthan", "lt"],
  ["<=", "lteq"], ["le", "lteq"],
];

export function makeTests(envFilters: () => Map<string, unknown>, envTests: () => Map<string, unknown>): [string, TestDef][] {
  return [
    test("odd", "test_odd", ["value"], (_r, [v]) => eq(mod(v, 2), 1)),
    test("even", "test_even", ["value"], (_r, [v]) => eq(mod(v, 2), 0)),
    test("divisibleby", "test_divisibleby", ["value", "num"], (_r, [v, n]) => eq(mod(v, n), 0)),
    test("defined", "test_defined", ["value"], (_r, [v]) => !(v instanceof Undefined)),
    test("undefined", "test_undefined", ["value"], (_r, [v]) => v instanceof Undefined),
    test("filter", "test_filter", ["value"], (_r, [v]) => isStr(v) && envFilters().has(strOf(v))),
    test("test", "test_test", ["value"], (_r, [v]) => isStr(v) && envTests().has(strOf(v))),
    test("none", "test_none", ["value"], (_r, [v]) => v === null),
    test("boolean", "test_boolean", ["value"], (_r, [v]) => typeof v === "boolean"),
    test("false", "test_false", ["value"], (_r, [v]) => v === false),
    test("true", "test_true", ["value"], (_r, [v]) => v === true),
    test("integer", "test_integer", ["value"], (_r, [v]) => isInt(v)),
    test("float", "test_float", ["value"], (_r, [v]) => isFloat(v)),
    test("lower", "test_lower", ["value"], (_r, [v]) => pyIsCase(str(v), true)),
    test("upper", "test_upper", ["value"], (_r, [v]) => pyIsCase(str(v), false)),
    test("string", "test_string", ["value"], (_r, [v]) => isStr(v)),
    test("mapping", "test_mapping", ["value"], (_r, [v]) => v instanceof Map),
    test("number", "test_number", ["value"], (_r, [v]) => isNumber(v)),
    test("sequence", "test_sequence", ["value"], (_r, [v]) => isSequence(v)),
    test("iterable", "test_iterable", ["value"], (_r, [v]) => isIterable(v)),
    test("callable", "callable", ["obj"], (_r, [v]) => v instanceof Undefined || (v instanceof PyObj && typeof v.call === "function")),
    test("sameas", "test_sameas", ["value", "other"], (_r, [v, o]) => v === o || (v instanceof PyFloat && o instanceof PyFloat && v.v === o.v)),
    test("escaped", "test_escaped", ["value"], (_r, [v]) => v instanceof Markup),
    test("in", "test_in", ["value", "seq"], (_r, [v, s]) => contains(s, v)),
    ...ops.map(([n, c]) => op(n, c)),
  ];
}

export function runTestTruthy(_rt: Runtime, v: unknown): boolean {
  if (v instanceof Undefined) failUndefined(v);
  return truthy(v);
}
