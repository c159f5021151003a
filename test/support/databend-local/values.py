"""The text form of values, as Databend's HTTP handler writes them.

The embedded engine hands results over as Arrow tables; this module turns each value
into the text the HTTP API carries: top-level NULL as JSON null, booleans as 1/0,
nested strings double-quoted, Variant as JSON text decoded from Databend's JSONB.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import math
import struct

import pyarrow as pa
import pyarrow.compute as pc

def is_variant(field: pa.Field) -> bool:
    return bool(field.metadata) and field.metadata.get(b"Extension") == b"Variant"


# --- JSONB (Variant) --------------------------------------------------------------

_CONTAINER_ARRAY, _CONTAINER_OBJECT, _CONTAINER_SCALAR = 0x80000000, 0x40000000, 0x20000000
_NULL, _STRING, _NUMBER, _FALSE, _TRUE, _CONTAINER, _EXTENSION = range(0, 0x70000000, 0x10000000)


def _number(data: bytes) -> object:
    tag, body = data[0], data[1:]
    if tag == 0x00:
        return 0
    if tag == 0x10:
        return math.nan
    if tag == 0x20:
        return math.inf
    if tag == 0x30:
        return -math.inf
    if tag == 0x40:
        return int.from_bytes(body, "big", signed=True)
    if tag == 0x50:
        return int.from_bytes(body, "big", signed=False)
    if tag == 0x60:
        return struct.unpack(">d", body)[0]
    if tag == 0x70:
        unscaled = int.from_bytes(body[:-1], "big", signed=True)
        return decimal.Decimal(unscaled).scaleb(-body[-1])
    raise ValueError(f"unknown JSONB number tag {tag:#x}")


def _value(kind: int, data: bytes) -> object:
    if kind == _NULL:
        return None
    if kind == _STRING:
        return data.decode("utf-8")
    if kind == _NUMBER:
        return _number(data)
    if kind == _FALSE:
        return False
    if kind == _TRUE:
        return True
    if kind == _CONTAINER:
        return decode_jsonb(data)
    if kind == _EXTENSION:
        return base64.b64encode(data).decode("ascii")
    raise ValueError(f"unknown JSONB entry type {kind:#x}")


def decode_jsonb(data: bytes) -> object:
    """Databend's binary JSON to Python values (objects keep their stored key order)."""
    header = int.from_bytes(data[0:4], "big")
    container, count = header & 0xE0000000, header & 0x1FFFFFFF
    if container == _CONTAINER_SCALAR:
        count = 1
    entries_count = count * 2 if container == _CONTAINER_OBJECT else count
    entries = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(entries_count)]
    offset = 4 + 4 * entries_count
    values = []
    for entry in entries:
        length = entry & 0x0FFFFFFF
        values.append(_value(entry & 0x70000000, data[offset : offset + length]))
        offset += length
    if container == _CONTAINER_SCALAR:
        return values[0]
    if container == _CONTAINER_ARRAY:
        return values
    return dict(zip(values[:count], values[count:]))


def _json_text(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ("NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity"))
    if isinstance(value, list):
        return "[" + ",".join(_json_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + _json_text(v) for k, v in value.items()) + "}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def variant_text(data: bytes) -> str:
    return _json_text(decode_jsonb(data))


# --- values -------------------------------------------------------------------------


def _float_text(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def _scalar_text(value: object, field: pa.Field) -> str:
    """Top-level text of one non-null value."""
    t = field.type
    if is_variant(field):
        return variant_text(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, (bytes, bytearray)):
        return value.hex().upper()
    if pa.types.is_map(t):
        return "{" + ",".join(f"{_nested_text(k, t.key_field)}:{_nested_text(v, t.item_field)}" for k, v in value) + "}"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return "[" + ",".join(_nested_text(v, t.value_field) for v in value) + "]"
    if pa.types.is_struct(t):
        return "(" + ",".join(_nested_text(value[t.field(i).name], t.field(i)) for i in range(t.num_fields)) + ")"
    return str(value)


def _nested_text(value: object, field: pa.Field) -> str:
    """Text of a value inside an Array, Map or Tuple: NULL spelled out, strings quoted."""
    if value is None:
        return "NULL"
    if isinstance(value, str) and not is_variant(field):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (dt.date, dt.datetime)):
        return '"' + _scalar_text(value, field) + '"'
    return _scalar_text(value, field)


_CAST_TO_STRING = (
    pa.types.is_integer,
    pa.types.is_string,
    pa.types.is_large_string,
    lambda t: t == pa.string_view(),
    pa.types.is_date,
)


def column_texts(column: pa.ChunkedArray | pa.Array, field: pa.Field) -> list:
    """The text of every value of a column; NULL stays None (JSON null)."""
    t = field.type
    if pa.types.is_null(t):
        return [None] * len(column)
    if not is_variant(field) and any(test(t) for test in _CAST_TO_STRING):
        # Vectorised: Arrow writes integers, strings and dates exactly as Databend does.
        return pc.cast(column, pa.string()).to_pylist()
    return [None if v is None else _scalar_text(v, field) for v in column.to_pylist()]
