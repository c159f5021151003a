"""Column names and Databend type strings from the engine's own plan.

`ctx.sql(q)` plans without executing, and its `schema()` prints Databend's DataSchema in
Rust's debug form, e.g. `DataField { name: "a", data_type: Nullable(Number(Int32)), ... }`.
This module parses that form and writes each type the way the HTTP API names it
(`Nullable(Int32)`, `Decimal(10, 2)`, `Map(String, UInt8)`), so the schema is known
before the query has run, as on a real server.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<word>[A-Za-z0-9_.+-]+)|(?P<sym>[{}()\[\],:]))')


def _tokens(text: str) -> list[str]:
    tokens, pos = [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            if text[pos:].strip() == "":
                break
            raise ValueError(f"cannot read the schema near {text[pos:pos + 40]!r}")
        tokens.append(match.group(match.lastgroup))
        pos = match.end()
    return tokens


_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|.)")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def _unescape(body: str) -> str:
    """A Rust debug string's content: \\n, \\", \\\\ and \\u{...} escapes."""

    def replace(match: re.Match) -> str:
        escape = match.group(1)
        if escape.startswith("u{"):
            return chr(int(escape[2:-1], 16))
        return _SIMPLE_ESCAPES.get(escape, escape)

    return _ESCAPE.sub(replace, body)


class _Parser:
    """Rust debug output: `Name`, `Name(args)`, `Name { key: value }`, `[items]`, `{k: v}`, strings."""

    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.tokens[self.pos]
        if expected is not None and token != expected:
            raise ValueError(f"expected {expected!r}, found {token!r}")
        self.pos += 1
        return token

    def value(self):
        token = self.take()
        if token.startswith('"'):
            return _unescape(token[1:-1])
        if token == "[":
            return self.sequence("]")
        if token == "{":
            return self.mapping()
        if self.peek() == "(":
            self.take("(")
            return (token, self.sequence(")"))
        if self.peek() == "{":
            self.take("{")
            return (token, self.mapping())
        return token

    def sequence(self, close: str) -> list:
        items = []
        while self.peek() != close:
            items.append(self.value())
            if self.peek() == ",":
                self.take(",")
        self.take(close)
        return items

    def mapping(self) -> dict:
        items = {}
        while self.peek() != "}":
            key = self.value()
            self.take(":")
            items[key if isinstance(key, str) else repr(key)] = self.value()
            if self.peek() == ",":
                self.take(",")
        self.take("}")
        return items


def _find(node, key: str):
    """The first value under `key` anywhere in a parsed node."""
    if isinstance(node, dict):
        if key in node:
            return node[key]
        children = node.values()
    elif isinstance(node, (list, tuple)):
        children = node
    else:
        return None
    for child in children:
        found = _find(child, key)
        if found is not None:
            return found
    return None


def type_string(node) -> str:
    if isinstance(node, str):
        return {"Null": "NULL"}.get(node, node)
    name, args = node
    if name == "Number":
        return type_string(args[0])
    if name == "Decimal":
        return f"Decimal({_find(args, 'precision')}, {_find(args, 'scale')})"
    if name == "Timestamp" or name == "Date":
        return name
    if name in ("Nullable", "Array"):
        return f"{name}({type_string(args[0])})"
    if name == "Map":
        inner = args[0]
        if isinstance(inner, tuple) and inner[0] == "Tuple":
            key, item = inner[1][0]
            return f"Map({type_string(key)}, {type_string(item)})"
        return f"Map({type_string(inner)})"
    if name == "Tuple":
        members = args[0] if args and isinstance(args[0], list) else args
        return "Tuple(" + ", ".join(type_string(m) for m in members) + ")"
    if isinstance(args, list) and len(args) == 1:
        return f"{name}({type_string(args[0])})"
    return name


def columns(debug_text: str) -> list[dict]:
    """[{"name", "type"}] for every field of a DataSchema debug string."""
    _, schema = _Parser(debug_text).value()
    return [{"name": field["name"], "type": type_string(field["data_type"])} for _, field in schema["fields"]]
