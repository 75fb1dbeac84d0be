"""Split a post file into YAML front-matter and body, keeping every key's line.

The YAML is composed, never constructed: every scalar stays the text the
editor typed (``verdict: false`` is the word "false", ``title: No`` is "No"),
and the validator decides which fields are dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from . import characters
from .limits import MAX_FRONT_MATTER, MAX_NESTING
from .problems import Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FRONT_MATTER = "front-matter"


@dataclass(frozen=True)
class Scalar:
    text: str
    line: int


@dataclass(frozen=True)
class Sequence:
    items: list[Node]
    line: int


@dataclass(frozen=True)
class Entry:
    """One ``key: value`` pair; ``line`` is the line of the key."""

    key: str
    line: int
    value: Node


@dataclass(frozen=True)
class Mapping:
    entries: dict[str, Entry]
    line: int


Node = Scalar | Sequence | Mapping


@dataclass
class SplitFile:
    """A post file cut in two: its front-matter tree and its Markdown body."""

    front_matter: Mapping
    body: str
    body_line: int
    problems: list[Problem] = field(default_factory=list)


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode a file as UTF-8 (a leading byte-order mark is allowed)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, [
            Problem(
                path,
                line,
                "file",
                f"is not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
            )
        ]
    return text, []


def split(text: str, path: str) -> tuple[SplitFile | None, list[Problem]]:
    """Cut ``text`` at its ``---`` lines and compose the YAML between them."""
    if not text.strip():
        return None, [Problem(path, 1, "file", "is empty")]
    # Lines end at "\n" (a Windows "\r\n" keeps its "\r", which YAML and Markdown take as
    # part of the line end); str.splitlines() would also end one at a vertical tab or a
    # form feed pasted from Word, and count lines differently from the YAML parser.
    if "\n" not in text:
        text = text.replace("\r", "\n")  # an old Mac file: carriage returns alone
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [
            Problem(
                path,
                1,
                FRONT_MATTER,
                "the file must start with a line '---', then the fields, then another '---'",
            )
        ]
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if closing is None:
        return None, [
            Problem(
                path,
                1,
                FRONT_MATTER,
                "no closing '---' line: end the fields with a line '---' before the body",
            )
        ]
    yaml_text = "\n".join(lines[1:closing]) + "\n"
    body = "\n".join(lines[closing + 1 :])
    if len(yaml_text) > MAX_FRONT_MATTER:
        return None, [
            Problem(
                path,
                1,
                FRONT_MATTER,
                f"the fields take {len(yaml_text):,} characters; at most "
                f"{MAX_FRONT_MATTER:,} fit (move long text into the body)",
            )
        ]
    yaml_text, found = _without_forbidden(yaml_text, path)
    root, problems = _compose(yaml_text, path)
    if root is None:
        return None, found + problems
    return SplitFile(root, body, closing + 2, found + problems), []


# A top-level key at the start of a line, for naming the field a character is in.
_TOP_KEY = re.compile(r"^([^\s#'\"?:\-][^:\n]*?)[ \t]*:(?=[ \t\n]|$)", re.MULTILINE)


def _without_forbidden(yaml_text: str, path: str) -> tuple[str, list[Problem]]:
    """The YAML with forbidden characters made spaces, and a problem for each line holding one.

    Done before parsing because the parser stops at the first control character with a
    message no editor understands; the rest of the file is still checked. Escapes such as
    "\\x0b" inside quotes are caught on the parsed values (contract.checked_text).
    """
    if not characters.has_forbidden(yaml_text, allow_tab=True):
        return yaml_text, []
    keys = [(yaml_text.count("\n", 0, m.start()), m.group(1)) for m in _TOP_KEY.finditer(yaml_text)]
    problems = []
    lines = yaml_text.split("\n")
    for index, line in enumerate(lines):
        found = characters.forbidden(line, allow_tab=True)
        if not found:
            continue
        key = next((k for i, k in reversed(keys) if i <= index), FRONT_MATTER)
        problems.append(Problem(path, index + 2, key, characters.message(found)))
        lines[index] = _blank(line)
    return "\n".join(lines), problems


def _blank(line: str) -> str:
    return "".join(" " if characters.forbidden(c, allow_tab=True) else c for c in line)


_INDICATORS = re.compile(r"(?:[-?:](?:[ \t]+|$))*")


def nesting_estimate(yaml_text: str) -> int:
    """At least how deeply ``yaml_text`` nests, worked out without parsing it.

    Every '[' and '{' counts (a quoted ']' cannot be told from a real one without
    parsing), plus the deepest line's indentation levels and its leading '- ', '? '.
    """
    deepest, indents = 0, [0]
    for line in yaml_text.split("\n"):
        stripped = line.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        while indent < indents[-1]:
            indents.pop()
        if indent > indents[-1]:
            indents.append(indent)
        markers = sum(map(_INDICATORS.match(stripped).group().count, "-?:"))
        deepest = max(deepest, len(indents) + markers)
    return yaml_text.count("[") + yaml_text.count("{") + deepest


def _compose(yaml_text: str, path: str) -> tuple[Mapping | None, list[Problem]]:
    # Line numbers from the parser count from the line after the opening '---'.
    offset = 2
    # libyaml composes nested values by recursion in C: 30,000 nested '[' overflow its
    # stack and kill the process. Past a safe estimate, the pure-Python parser does the
    # work, whose recursion stops with an error instead (slower, but only such files).
    loader = _Loader if nesting_estimate(yaml_text) <= MAX_NESTING else yaml.SafeLoader
    try:
        node = yaml.compose(yaml_text, Loader=loader)
    except RecursionError:
        opening = min((i for i in (yaml_text.find("["), yaml_text.find("{")) if i >= 0), default=0)
        line = yaml_text.count("\n", 0, opening) + offset
        return None, [
            Problem(path, line, FRONT_MATTER, f"is nested more than {MAX_DEPTH} levels deep")
        ]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + offset if mark else 1
        reason = error.problem or str(error)
        if error.context:
            reason = f"{reason} ({error.context})"
        return None, [Problem(path, line, FRONT_MATTER, f"is not valid YAML: {reason}")]
    except yaml.YAMLError as error:
        return None, [Problem(path, 1, FRONT_MATTER, f"is not valid YAML: {error}")]
    if node is None:
        return None, [Problem(path, 1, FRONT_MATTER, "has no fields")]
    if not isinstance(node, yaml.MappingNode):
        return None, [
            Problem(
                path,
                node.start_mark.line + offset,
                FRONT_MATTER,
                "must be a list of 'field: value' lines",
            )
        ]
    problems: list[Problem] = []
    try:
        root = _convert(node, offset, path, problems, set(), 0)
    except _ShapeError as error:
        return None, [Problem(path, error.line, FRONT_MATTER, str(error))]
    assert isinstance(root, Mapping)
    return root, problems


class _ShapeError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


# Front-matter is a few levels deep (facts > sources > fields); far deeper is an
# accident or an attack, and so is an anchor reused (the "billion laughs").
MAX_DEPTH = 20


def _convert(
    node: yaml.Node, offset: int, path: str, problems: list[Problem], seen: set[int], depth: int
) -> Node:
    line = node.start_mark.line + offset
    if id(node) in seen:
        raise _ShapeError(line, "uses a YAML alias (*name); write the value out in full")
    if depth > MAX_DEPTH:
        raise _ShapeError(line, f"is nested more than {MAX_DEPTH} levels deep")
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return Scalar(node.value, line)
    if isinstance(node, yaml.SequenceNode):
        return Sequence(
            [_convert(item, offset, path, problems, seen, depth + 1) for item in node.value], line
        )
    entries: dict[str, Entry] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + offset
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(path, key_line, FRONT_MATTER, "a field name must be a word"))
            continue
        key = key_node.value
        if key in entries:
            problems.append(
                Problem(
                    path,
                    key_line,
                    key,
                    f"is given twice; the first is at line {entries[key].line}",
                )
            )
            continue
        if id(value_node) in seen:
            raise _ShapeError(key_line, "uses a YAML alias (*name); write the value out in full")
        entries[key] = Entry(
            key, key_line, _convert(value_node, offset, path, problems, seen, depth + 1)
        )
    return Mapping(entries, line)
