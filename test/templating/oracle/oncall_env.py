"""OnCall's Jinja environment (engine/common/jinja_templater) rebuilt for generating test expectations.
pytz is replaced by zoneinfo and django's parse_datetime is inlined."""
import json, sys, re as _re, base64
from datetime import datetime, timedelta, timezone as dt_timezone
import regex
from zoneinfo import ZoneInfo
from jinja2 import BaseLoader, TemplateAssertionError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

datetime_re = _re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"[T ](?P<hour>\d{1,2}):(?P<minute>\d{1,2})"
    r"(?::(?P<second>\d{1,2})(?:[.,](?P<microsecond>\d{1,6})\d{0,6})?)?"
    r"\s*(?P<tzinfo>Z|[+-]\d{2}(?::?\d{2})?)?$")
def parse_datetime(value):
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        if match := datetime_re.match(value):
            kw = match.groupdict()
            kw["microsecond"] = kw["microsecond"] and kw["microsecond"].ljust(6, "0")
            tzinfo = kw.pop("tzinfo")
            if tzinfo == "Z":
                tzinfo = dt_timezone.utc
            elif tzinfo is not None:
                offset_mins = int(tzinfo[-2:]) if len(tzinfo) > 3 else 0
                offset = 60 * int(tzinfo[1:3]) + offset_mins
                if tzinfo[0] == "-":
                    offset = -offset
                tzinfo = dt_timezone(timedelta(minutes=offset))
            kw = {k: int(v) for k, v in kw.items() if v is not None}
            return datetime(**kw, tzinfo=tzinfo)

class UnknownTimeZoneError(KeyError): pass
def timezone(tz):
    try: return ZoneInfo(tz)
    except Exception: raise UnknownTimeZoneError(tz)

REGEX_TIMEOUT = 2
def datetimeparse(value, format="%H:%M / %d-%m-%Y"):
    try: return datetime.strptime(value, format)
    except (ValueError, AttributeError, TypeError): return None
def datetimeformat(value, format="%H:%M / %d-%m-%Y"):
    try: return value.strftime(format)
    except AttributeError: return None
def datetimeformat_as_timezone(value, format="%H:%M / %d-%m-%Y", tz="UTC"):
    try: return value.astimezone(timezone(tz)).strftime(format)
    except (ValueError, AttributeError, TypeError): return None
def timestamp_to_datetime(value):
    try: return datetime.fromtimestamp(value)
    except (ValueError, AttributeError, TypeError): return None
def iso8601_to_time(value):
    try: return parse_datetime(value)
    except (ValueError, AttributeError, TypeError): return None
range_duration_re = regex.compile("^(?P<sign>[-+]?)(?P<amount>\\d+)(?P<unit>[smhdwMQy])$")
def timedeltaparse(value):
    try:
        match = range_duration_re.match(value)
        if match:
            kw = match.groupdict()
            amount = int(kw["amount"])
            if kw["sign"] == "-": amount = -amount
            u = kw["unit"]
            if u == "s": return timedelta(seconds=amount)
            elif u == "m": return timedelta(minutes=amount)
            elif u == "h": return timedelta(hours=amount)
            elif u == "d": return timedelta(days=amount)
            elif u == "w": return timedelta(weeks=amount)
            else: return None
    except (ValueError, AttributeError, TypeError): return None
    return None
def to_pretty_json(value):
    try: return json.dumps(value, sort_keys=True, indent=4, separators=(",", ": "), ensure_ascii=False)
    except (ValueError, AttributeError, TypeError): return None
def json_dumps(value):
    try: return json.dumps(value)
    except (ValueError, AttributeError, TypeError): return None
def regex_replace(value, find, replace):
    try: return regex.sub(find, replace, value, timeout=REGEX_TIMEOUT)
    except (ValueError, AttributeError, TypeError, TimeoutError): return None
def regex_match(pattern, value):
    try: return bool(regex.match(value, pattern, timeout=REGEX_TIMEOUT))
    except (ValueError, AttributeError, TypeError, TimeoutError): return None
def regex_search(pattern, value):
    try: return bool(regex.search(value, pattern, timeout=REGEX_TIMEOUT))
    except (ValueError, AttributeError, TypeError, TimeoutError): return None
def b64decode(value):
    try: return base64.b64decode(value).decode("utf-8")
    except (ValueError, AttributeError, TypeError): return None
def parse_json(value):
    try: return json.loads(value)
    except (ValueError, AttributeError, TypeError): return None

def raise_security_exception(name):
    raise SecurityError(f"use of '{name}' is restricted")
env = SandboxedEnvironment(loader=BaseLoader())
for n, f in dict(datetimeformat=datetimeformat, datetimeformat_as_timezone=datetimeformat_as_timezone, iso8601_to_time=iso8601_to_time,
    tojson_pretty=to_pretty_json, regex_replace=regex_replace, regex_match=regex_match, regex_search=regex_search, json_dumps=json_dumps,
    b64decode=b64decode, parse_json=parse_json, timedeltaparse=timedeltaparse, timestamp_to_datetime=timestamp_to_datetime, datetimeparse=datetimeparse).items():
    env.filters[n] = f
env.globals["time"] = lambda: datetime.now(dt_timezone.utc)
env.globals["range"] = lambda *args: raise_security_exception("range")

class EscapeDoubleQuotesDict(dict):
    def __str__(self):
        original_str = super().__str__()
        if '"' in original_str:
            return _re.sub('(?<!\\\\)"', '\\\\"', original_str)
        return original_str
def escape_payload(payload):
    if isinstance(payload, dict):
        e = EscapeDoubleQuotesDict()
        for key in payload.keys(): e[key] = escape_payload(payload[key])
        return e
    elif isinstance(payload, list): return [escape_payload(v) for v in payload]
    elif isinstance(payload, str): return json.dumps(payload, ensure_ascii=False)[1:-1]
    return payload

def apply(template, payload=None, **kwargs):
    if len(template) > 50000:
        return {"ok": False, "kind": "error", "message": f"Template exceeds length limit ({len(template)} > 50000)"}
    try:
        compiled = env.from_string(template)
        result = compiled.render(payload=payload, **kwargs)
    except SecurityError as e: return {"ok": False, "kind": "error", "message": str(e)}
    except (TemplateAssertionError, TemplateSyntaxError) as e: return {"ok": False, "kind": "error", "message": str(e)}
    except (TypeError, KeyError, ValueError, UndefinedError) as e: return {"ok": False, "kind": "warning", "message": str(e)}
    except Exception as e: return {"ok": False, "kind": "error", "message": str(e)}
    return {"ok": True, "output": (result[:50000] + "..") if len(result) > 50000 else result}

