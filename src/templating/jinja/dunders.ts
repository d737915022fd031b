// Which underscore attributes exist on the Python type of a value. Jinja's sandbox refuses
// existing ones (SecurityError when used); absent ones fall back to item lookup.
import { Markup, PyDictView, PyFloat, PyGen, PyObj, PyTuple, Undefined } from "./values";

const COMMON = "__class__ __delattr__ __dir__ __doc__ __eq__ __format__ __ge__ __getattribute__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ __le__ __lt__ __ne__ __new__ __reduce__ __reduce_ex__ __repr__ __setattr__ __sizeof__ __str__ __subclasshook__";
const NUM = "__abs__ __add__ __bool__ __ceil__ __divmod__ __float__ __floor__ __floordiv__ __getnewargs__ __int__ __mod__ __mul__ __neg__ __pos__ __pow__ __radd__ __rdivmod__ __rfloordiv__ __rmod__ __rmul__ __round__ __rpow__ __rsub__ __rtruediv__ __sub__ __truediv__ __trunc__";
const INT = `${NUM} __and__ __index__ __invert__ __lshift__ __or__ __rand__ __rlshift__ __ror__ __rrshift__ __rshift__ __rxor__ __xor__`;

const BY_TYPE: Record<string, Set<string>> = {};
function def(name: string, extra: string): void {
  BY_TYPE[name] = new Set(`${COMMON} ${extra}`.split(" "));
}
def("dict", "__class_getitem__ __contains__ __delitem__ __getitem__ __ior__ __iter__ __len__ __or__ __reversed__ __ror__ __setitem__");
def("str", "__add__ __contains__ __getitem__ __getnewargs__ __iter__ __len__ __mod__ __mul__ __rmod__ __rmul__");
def("Markup", "__add__ __contains__ __getitem__ __getnewargs__ __html__ __html_format__ __iter__ __len__ __mod__ __module__ __mul__ __radd__ __rmod__ __rmul__ __slots__");
def("list", "__add__ __class_getitem__ __contains__ __delitem__ __getitem__ __iadd__ __imul__ __iter__ __len__ __mul__ __reversed__ __rmul__ __setitem__");
def("tuple", "__add__ __class_getitem__ __contains__ __getitem__ __getnewargs__ __iter__ __len__ __mul__ __rmul__");
def("int", INT);
def("float", `${NUM} __getformat__`);
def("NoneType", "__bool__");
def("generator", "__del__ __iter__ __name__ __next__ __qualname__");
def("view", "__iter__ __len__ __reversed__ __contains__");
def("undefined", "__slots__ __module__ __iter__ __len__ __bool__ __add__ __call__ __getitem__ __getattr__");
def("function", "__annotations__ __builtins__ __call__ __closure__ __code__ __defaults__ __dict__ __get__ __globals__ __kwdefaults__ __module__ __name__ __qualname__");
def("builtin", "__call__ __module__ __name__ __qualname__ __self__ __text_signature__");
def("type", "__dict__ __module__ __setitem__ __weakref__ __call__ __name__ __qualname__ __mro__ __bases__ __base__ __subclasses__ __instancecheck__");
def("object", "__dict__ __module__ __weakref__ __call__ __next__ __setitem__");
def("datetime", "__add__ __radd__ __rsub__ __sub__");
def("timedelta", `${NUM}`);

function kindOf(v: unknown): string {
  if (v === null) return "NoneType";
  switch (typeof v) {
    case "string": return "str";
    case "boolean": case "bigint": return "int";
    case "number": return Number.isInteger(v) ? "int" : "float";
  }
  if (v instanceof PyFloat) return "float";
  if (v instanceof Markup) return "Markup";
  if (Array.isArray(v)) return "list";
  if (v instanceof PyTuple) return "tuple";
  if (v instanceof Map) return "dict";
  if (v instanceof PyGen) return "generator";
  if (v instanceof PyDictView) return "view";
  if (v instanceof Undefined) return "undefined";
  if (v instanceof PyObj) {
    const n = v.pyName;
    if (n === "function" || n === "type" || n === "datetime" || n === "timedelta") return n;
    if (n === "builtin_function_or_method" || n === "method") return "builtin";
    return "object";
  }
  return "object";
}

/** True when `name` (starting with "_") is a real attribute of the value's Python type. */
export function hasUnderscoreAttr(v: unknown, name: string): boolean {
  if (name === "mro" && v instanceof PyObj && v.pyName === "type") return true;
  return BY_TYPE[kindOf(v)]?.has(name) ?? false;
}
