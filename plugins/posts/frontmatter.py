"""Split a post file into YAML front-matter and body, keeping every key's line.

The YAML is composed, never constructed: every scalar stays the text the
editor typed (``verdict: false`` is the word "false", ``title: No`` is "No"),
and the validator decides which fields are dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

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
    lines = text.splitlines(keepends=True)
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
    yaml_text = "".join(lines[1:closing])
    body = "".join(lines[closing + 1 :])
    root, problems = _compose(yaml_text, path)
    if root is None:
        return None, problems
    return SplitFile(root, body, closing + 2, problems), []


def _compose(yaml_text: str, path: str) -> tuple[Mapping | None, list[Problem]]:
    # Line numbers from the parser count from the line after the opening '---'.
    offset = 2
    try:
        node = yaml.compose(yaml_text, Loader=_Loader)
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
