"""A stable digest of whatever a template or a plugin reads: the same inputs, the same text.

Digests are compared across processes (they key the record of rendered pages and the
memo), so nothing that changes from one run to the next may reach them: no ``id()``,
no memory address in a ``repr``, no set iteration order (Python salts string hashes).

Content objects (posts and pages) are digested by what a page can show of them: their
source file, their own attributes, their address; another post they point to (a
neighbour, say) by that post's own attributes, one level deep, so a post's digest does
not take in the whole chain of posts behind it. The site's settings and the global
context dict hanging off every content object are left out here: the page key covers
the settings on their own.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import hashlib
import json
import posixpath
import re
import sys
import sysconfig
import types
from collections.abc import Mapping
from pathlib import PurePath
from urllib.parse import unquote

from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

# Attributes of a content object that are not what it shows: the settings and the
# site-wide context are keyed on their own; the rest are caches of what is digested.
_SKIPPED = frozenset({"settings", "_context"})
# What the posts plugin's reader makes from the source file alone (with the settings and
# the code, both keyed on their own): the file's bytes stand for all of it, which is far
# cheaper than walking the post model. Then what this project's own plugins make from
# that, the post's address and its cards (each digested here): share links, JSON-LD.
# Everything else a plugin sets on a post (its address, neighbours, cards, redirects) is
# digested as it is, so an attribute a new plugin adds is always taken in.
FROM_SOURCE = frozenset(
    {
        "metadata", "post", "claim", "verdict", "facts", "card", "image", "share_text",
        "corrections", "aliases", "field_lines", "is_rebuttal", "explicit_slug", "_summary",
        "share_links", "share_url", "structured_data",
    }
)  # fmt: skip
# Placeholders Pelican resolves to another file's address when the HTML is asked for.
_LINKS = re.compile(r"\{(?:filename|static|attach|index|tag|category|author)\}|\|filename\|")
# The placeholders that name another content file, with its path (up to a quote, a space,
# a bracket, a query or an anchor). {index}, {tag}… resolve through the settings alone.
_FILE_LINKS = re.compile(
    r"(?:\{(?:filename|static|attach)\}|\|(?:filename|static|attach)\|)([^\s\"'<>()?#]*)"
)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_WRAPPER_REPR = re.compile(r"<(?:Tag|Category|Author) ")
# Code installed with Python or a package is named, not read: its version decides what it
# does (Pelican's and Jinja's are in every key; the rest are pinned in requirements.txt).
_INSTALLED = tuple(
    {sysconfig.get_paths()[name] for name in ("stdlib", "platstdlib", "purelib", "platlib")}
)


class Digester:
    """Digests for one build: a content object is digested once, however often it is shown.

    ``addresses`` holds every content file's address by the file's name (and, under "",
    a digest of them all); a post whose
    text links to another file takes in the addresses of the files of that name (the
    link's target may move without the post changing). By name rather than by path, as
    Pelican resolves a link's path from the post's folder: never fewer than the target,
    and not every file of the site, so a new post does not change every page that shows
    a post linking to another.
    """

    def __init__(self, addresses: Mapping[str, str] | None = None):
        self.addresses = addresses or {}
        # Memos by id() hold their object too: an id is reused once its object is freed
        # (a listing's paginator is made for one page and dropped).
        self._full: dict[int, tuple[Content, str]] = {}
        self._owns: dict[int, tuple[Content, str, list[Content]]] = {}
        self._pointed: list[Content] = []
        self._active: set[int] = set()
        self._files: dict[str, str] = {}
        self._paginators: dict[int, tuple[Paginator, str]] = {}
        self._wrappers: dict[tuple[type, str], str] = {}
        self._callables: dict[int, tuple[object, str]] = {}

    def of(self, value) -> str:
        return self._digest(value, depth=0)

    def _digest(self, value, depth: int) -> str:
        return hashlib.sha256(self._text(value, depth).encode("utf-8", "surrogatepass")).hexdigest()

    def _text(self, value, depth: int) -> str:  # noqa: C901 - one branch per kind of value
        if value is None or isinstance(value, bool | int | float | complex):
            return repr(value)
        if isinstance(value, str):
            return "s" + str(len(value)) + ":" + value
        if isinstance(value, bytes):
            return "b" + hashlib.sha256(value).hexdigest()
        if isinstance(value, datetime.datetime | datetime.date | datetime.time):
            return f"{type(value).__name__}:{value.isoformat()}:{getattr(value, 'tzinfo', '')}"
        if isinstance(value, types.ModuleType):
            return f"module:{value.__name__}"
        if isinstance(value, enum.Enum | PurePath | datetime.tzinfo):
            return f"{type(value).__name__}:{value}"
        if isinstance(value, Content):
            return self._content(value, depth)
        if isinstance(value, URLWrapper):  # a topic: the same few names on every post
            key = (type(value), value.name)
            if key not in self._wrappers:
                name, slug, url = value.name, value.slug, value.url
                self._wrappers[key] = f"{type(value).__name__}:{name}:{slug}:{url}:{value.save_as}"
            return self._wrappers[key]
        if isinstance(value, Page):
            return self._page(value, depth)
        if isinstance(value, Paginator):
            return self._paginator(value)
        if callable(value) and not dataclasses.is_dataclass(value):
            return self._callable(value, depth)
        if id(value) in self._active:
            return "cycle"
        self._active.add(id(value))
        try:
            return self._composite(value, depth)
        finally:
            self._active.discard(id(value))

    def _composite(self, value, depth: int) -> str:
        if type(value) in (dict, list, tuple):
            try:  # plain data (most of it) is written out by C code, many times faster
                return "j" + json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            except (TypeError, ValueError):
                pass
        if isinstance(value, Mapping):
            items = (f"{self._text(k, depth)}={self._text(v, depth)}" for k, v in value.items())
            return "{" + ",".join(items) + "}"
        if isinstance(value, list | tuple):
            return "[" + ",".join(self._text(item, depth) for item in value) + "]"
        if isinstance(value, set | frozenset):
            return "set(" + ",".join(sorted(self._text(item, depth) for item in value)) + ")"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            return type(value).__qualname__ + self._composite(fields, depth)
        if hasattr(value, "__dict__") and not isinstance(value, type):
            return type(value).__qualname__ + self._composite(vars(value), depth)
        return _ADDRESS.sub("", repr(value))

    def _callable(self, value, depth: int) -> str:
        """A function by what it does, not its name: its code, defaults and closure, and the
        functions and values it reads from its module (a helper beside it in the settings
        file), followed as far as they go in the site's own code."""
        known = self._callables.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if id(value) in self._active:
            return f"cycle:{_name(value)}"
        self._active.add(id(value))
        try:
            text = self._callable_text(value, depth)
        finally:
            self._active.discard(id(value))
        self._callables[id(value)] = (value, text)
        return text

    def _callable_text(self, value, depth: int) -> str:
        if isinstance(value, functools.partial):
            arguments = self._text((value.args, value.keywords), depth)
            return f"partial({self._callable(value.func, depth)};{arguments})"
        if isinstance(value, types.MethodType):
            # The object it is bound to is named by its type: its state is not its code.
            return f"method({self._callable(value.__func__, depth)};{_name(type(value.__self__))})"
        if isinstance(value, types.FunctionType):
            return self._function(value, depth)
        if isinstance(value, type):
            return self._class(value, depth)
        if hasattr(value, "__dict__"):  # an object with __call__: its class and its state
            return (
                f"object({self._class(type(value), depth)};{self._composite(vars(value), depth)})"
            )
        return f"callable:{_name(value)}"  # built in (C code): its name says what it does

    def _function(self, function: types.FunctionType, depth: int) -> str:
        code = function.__code__
        if _installed(code.co_filename):
            return f"installed:{_name(function)}"
        parts = [
            _name(function),
            _code(code),
            self._text((function.__defaults__, function.__kwdefaults__), depth),
        ]
        for cell in function.__closure__ or ():
            try:
                parts.append(self._global(cell.cell_contents, depth))
            except ValueError:  # a cell not filled yet
                parts.append("empty")
        names = function.__globals__
        parts += [
            f"{name}={self._global(names[name], depth)}" for name in _names(code) if name in names
        ]
        return "function:" + _sha256(parts)

    def _class(self, cls: type, depth: int) -> str:
        module = sys.modules.get(cls.__module__)
        if cls.__module__ == "builtins" or _installed(getattr(module, "__file__", None) or "<"):
            return f"installed:{_name(cls)}"
        parts = [_name(cls), *(self._callable(base, depth) for base in cls.__bases__)]
        for name, attribute in sorted(vars(cls).items()):
            if name in ("__dict__", "__weakref__", "__doc__", "__module__", "__qualname__"):
                continue
            if isinstance(attribute, staticmethod | classmethod):
                attribute = attribute.__func__
            if isinstance(attribute, property):
                attribute = (attribute.fget, attribute.fset, attribute.fdel)
            parts.append(f"{name}={self._global(attribute, depth)}")
        return "class:" + _sha256(parts)

    def _global(self, value, depth: int) -> str:
        """A value a function reads: code and plain data in full; any other object by its
        type (a logger, say, whose state is not what the function makes)."""
        if isinstance(value, types.ModuleType):
            return f"module:{value.__name__}"
        if isinstance(value, tuple) and not hasattr(value, "_fields"):
            return "(" + ",".join(self._global(item, depth) for item in value) + ")"
        if callable(value) or value is None or isinstance(value, _PLAIN):
            return self._text(value, depth)
        if dataclasses.is_dataclass(value) or isinstance(value, re.Pattern):
            return self._text(value, depth)
        return f"instance:{_name(type(value))}"

    def _content(self, content: Content, depth: int) -> str:
        """A post or page: its own attributes, and those of the posts it points to."""
        if depth > 0:  # inside another post: named here, its attributes taken in below
            self._pointed.append(content)
            return f"ref:{content.source_path}:{content.save_as}"
        known = self._full.get(id(content))
        if known is None or known[0] is not content:
            own, pointed = self._own(content)
            parts = [own] + [self._own(other)[0] for other in pointed]
            digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()
            known = self._full[id(content)] = (content, digest)
        return known[1]

    def _own(self, content: Content) -> tuple[str, list[Content]]:
        """The digest of one post's attributes, and the posts they point to (once a build)."""
        known = self._owns.get(id(content))
        if known is None or known[0] is not content:
            attributes = {k: v for k, v in vars(content).items() if k not in _SKIPPED | FROM_SOURCE}
            raw = attributes.pop("_content", "") or ""
            outer, self._pointed = self._pointed, []
            try:
                shown = [
                    type(content).__name__,
                    content.source_path,
                    self._file(content.source_path),
                    content.url,
                    content.save_as,
                    hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest(),
                    # Where the text links to another file, that file's address is part of it.
                    self._linked(raw) if _LINKS.search(raw) else "",
                    self._attributes(attributes),
                ]
                pointed = self._pointed
            finally:
                self._pointed = outer
            digest = hashlib.sha256("\0".join(shown).encode()).hexdigest()
            known = self._owns[id(content)] = (content, digest, pointed)
        return known[1], known[2]

    def _linked(self, raw: str) -> str:
        """The addresses of the files ``raw`` links to, found by their names."""
        names = sorted({posixpath.basename(unquote(path)) for path in _FILE_LINKS.findall(raw)})
        if not names or any(name not in self.addresses for name in names):
            # A path this pattern cut short, or a file not there: every address, as safe.
            return self.addresses.get("", "")
        return "\n".join(f"{name}:{self.addresses[name]}" for name in names)

    def _attributes(self, attributes: dict) -> str:
        """A post's attributes as text: their ``repr`` (C code, fast) when every one shows
        all it holds, posts they point to named by reference; walked one by one otherwise."""
        shallow, pointed = {}, []
        for name, value in attributes.items():
            if isinstance(value, Content):
                pointed.append(value)
                value = f"ref:{value.source_path}:{value.save_as}"
            shallow[name] = value
        text = repr(shallow)
        # "<...>" is an object's own repr, which may not show what it holds: only a topic's
        # or author's (its name: the rest follows from the settings) is trusted.
        if "<" not in _WRAPPER_REPR.sub("", text):
            self._pointed.extend(pointed)
            return text
        return self._composite(attributes, 1)

    def _file(self, path: str) -> str:
        if path not in self._files:
            try:
                with open(path, "rb") as file:
                    self._files[path] = hashlib.sha256(file.read()).hexdigest()
            except OSError:
                self._files[path] = "-"
        return self._files[path]

    def _page(self, page: Page, depth: int) -> str:
        """One page of a listing: its number and address, and the posts on it."""
        return "page:" + ":".join(
            [
                page.full_name,
                str(page.base_url),
                str(page.number),
                page.url,
                page.save_as,
                self._paginator(page.paginator),
                # A listing shows its posts, not their neighbours: their own attributes.
                ",".join(
                    self._own(item)[0] if isinstance(item, Content) else self._text(item, depth)
                    for item in page.object_list
                ),
            ]
        )

    def _paginator(self, paginator: Paginator) -> str:
        """A listing as a whole: its size, and which posts are in it (not what they say)."""
        known = self._paginators.get(id(paginator))
        if known is None or known[0] is not paginator:
            members = "\n".join(
                str(getattr(item, "source_path", "")) for item in paginator.object_list
            )
            text = (
                f"paginator:{paginator.name}:{paginator.url}:{paginator.per_page}:"
                f"{paginator.orphans}:{paginator.num_pages}:"
                f"{hashlib.sha256(members.encode('utf-8', 'surrogatepass')).hexdigest()}"
            )
            known = self._paginators[id(paginator)] = (paginator, text)
        return known[1]


# Values a function may read that say all they hold.
_PLAIN = (
    bool, int, float, complex, str, bytes, list, dict, set, frozenset, enum.Enum,
    datetime.date, datetime.time, datetime.timedelta, PurePath,
)  # fmt: skip


def _name(value) -> str:
    name = getattr(value, "__qualname__", None) or type(value).__qualname__
    return f"{getattr(value, '__module__', None) or ''}.{name}"


def _names(code: types.CodeType) -> list[str]:
    """Every global name ``code`` and the functions inside it read, sorted."""
    found = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found.update(_names(const))
    return sorted(found)


def _code(code: types.CodeType) -> str:
    """What a code object does, without where it is (a comment above it moves its lines):
    its instructions, constants, names and arguments, functions inside it included."""
    return (
        f"code({code.co_code.hex()};{_constant(code.co_consts)};{code.co_names};"
        f"{code.co_varnames};{code.co_freevars};{code.co_cellvars};"
        f"{code.co_argcount},{code.co_posonlyargcount},{code.co_kwonlyargcount},{code.co_flags})"
    )


def _constant(value) -> str:
    if isinstance(value, types.CodeType):
        return _code(value)
    if isinstance(value, tuple):
        return "(" + ",".join(_constant(item) for item in value) + ")"
    if isinstance(value, frozenset):  # in the order of its items, not of their salted hashes
        return "frozenset(" + ",".join(sorted(_constant(item) for item in value)) + ")"
    return repr(value)


def _installed(filename: str) -> bool:
    """Whether code from ``filename`` came with Python (frozen modules too) or a package."""
    return filename.startswith(_INSTALLED) or filename.startswith("<frozen")


def _sha256(parts: list[str]) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
