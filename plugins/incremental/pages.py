"""Rendering only the pages a change affects, from a record of what each page was made of.

A page's key is a digest of everything its template can read: the template and every
template it extends, includes or imports; the code of the site's plugins; the settings;
and, of the context it is rendered with, only the names those templates use (a post
page reads its post, which names its neighbours; the third page of a topic reads the
posts on that page and how many pages there are). The record keeps, for each page the
last build wrote, its key and the size and date of the file as written. A page whose
key is unchanged and whose file is still exactly as written is not rendered again.

Anything the analysis cannot follow (a template included by a name computed at render
time) makes that template read the whole context, so it is rendered whenever anything
changes. The equivalence test (tests/test_incremental.py) builds after each kind of
change both ways and compares every byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import posixpath
from collections.abc import Iterable

import jinja2
import pelican
from jinja2 import meta, nodes
from sitekit.files import write_atomically

from .digest import Digester
from .sweep import output_key

EVERYTHING = None  # a template whose dependencies cannot be followed reads every name
RECORD_VERSION = 1
# Settings that say where a build writes, not what it makes.
WHERE = frozenset({"OUTPUT_PATH", "INCREMENTAL_OUTPUT_KEY", "BUILD_LOCK_OUTPUT"})


def files_digest(paths: Iterable[str], skip: tuple[str, ...] = ()) -> str:
    """A digest of every file under ``paths`` (folders walked in order; a path may also be
    one file), by name and content, but for names ending with one of ``skip``."""
    digest = hashlib.sha256()
    for root in sorted({os.path.abspath(path) for path in paths}):
        if os.path.isfile(root):
            walked = [(os.path.dirname(root), [], [os.path.basename(root)])]
        else:
            walked = os.walk(root)
        for folder, folders, names in walked:
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            for name in sorted(names):
                if name.endswith(skip):
                    continue
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, os.path.dirname(root)).encode() + b"\0")
                with open(path, "rb") as file:
                    digest.update(hashlib.sha256(file.read()).digest())
    return digest.hexdigest()


def loader_folders(loader) -> list[str]:
    """Every folder a Jinja loader reads templates from (Pelican chains several)."""
    if isinstance(loader, jinja2.FileSystemLoader):
        return [os.path.abspath(path) for path in loader.searchpath]
    if isinstance(loader, jinja2.ChoiceLoader):
        return [folder for inner in loader.loaders for folder in loader_folders(inner)]
    if isinstance(loader, jinja2.PrefixLoader):
        return [folder for inner in loader.mapping.values() for folder in loader_folders(inner)]
    return []


class TemplateNames:
    """Which context names a template reads, itself and through every template it uses.

    Each of Pelican's generators has an environment of its own over the same folders;
    what is found is shared between them (and between builds) while the files are the same.
    """

    _shared: dict[str, dict[str, frozenset[str] | None]] = {}

    def __init__(self, environment: jinja2.Environment, templates_digest: str):
        self.environment = environment
        self._names = self._shared.setdefault(templates_digest, {})

    def used(self, name: str) -> frozenset[str] | None:
        if name not in self._names:
            self._names[name] = EVERYTHING  # a template that includes itself stops here
            self._names[name] = self._follow(name)
        return self._names[name]

    def _follow(self, name: str) -> frozenset[str] | None:
        source, _, _ = self.environment.loader.get_source(self.environment, name)
        tree = self.environment.parse(source)
        names = set(meta.find_undeclared_variables(tree))
        for other, declared in self._references(tree, frozenset()):
            if other is None:
                return EVERYTHING
            used = self.used(other)
            if used is EVERYTHING:
                return EVERYTHING
            # ``{% with tags = article.tags %}{% include ... %}``: that ``tags`` is not the
            # site's list of topics, so the site's list is not what the page shows.
            names |= used - declared
        return frozenset(names)

    def _references(self, node, declared: frozenset[str]):
        """Each template used under ``node``, with the names a with-block, a loop or a
        macro declares around it (they hide the context's own values of those names)."""
        if isinstance(node, nodes.Extends | nodes.Include | nodes.Import | nodes.FromImport):
            for name in self._named(node.template):
                yield name, declared
            return
        if isinstance(node, nodes.With):
            declared = declared | _targets(node.targets)
        elif isinstance(node, nodes.For):
            declared = declared | _targets([node.target]) | {"loop"}
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            declared = declared | _targets(node.args) | {"caller", "varargs", "kwargs"}
        for child in node.iter_child_nodes():
            yield from self._references(child, declared)

    def _named(self, target) -> list[str | None]:
        """The templates a name stands for; one built at render time (``"icons/" ~ name``)
        for every template it could be, from its constant start; None for anything else."""
        if isinstance(target, nodes.Const) and isinstance(target.value, str):
            return [target.value]
        if isinstance(target, nodes.Const) and isinstance(target.value, list | tuple):
            return list(target.value)
        if isinstance(target, nodes.Concat | nodes.Add) and _prefix(target):
            prefix = _prefix(target)
            return [t for t in self.environment.list_templates() if t.startswith(prefix)]
        return [None]


def _targets(targets) -> frozenset[str]:
    return frozenset(
        name.name for target in targets for name in target.find_all(nodes.Name)
    ) | frozenset(target.name for target in targets if isinstance(target, nodes.Name))


def _prefix(node) -> str:
    """The constant text a template name built by ``~`` or ``+`` starts with."""
    while isinstance(node, nodes.Concat | nodes.Add):
        node = node.nodes[0] if isinstance(node, nodes.Concat) else node.left
    return node.value if isinstance(node, nodes.Const) and isinstance(node.value, str) else ""


class PageKeys:
    """Keys of the pages of one build: what each is made of, as one digest."""

    def __init__(self, settings: dict, plugin_paths: Iterable[str]):
        self.settings, self.plugin_paths = settings, tuple(plugin_paths)
        self._templates: dict[jinja2.Environment, tuple[TemplateNames, str]] = {}
        self._folders: dict[tuple[str, ...], str] = {}
        self.digester: Digester | None = None
        self._values: dict[str, tuple[object, str]] = {}
        self._site_digest = None

    @property
    def _site(self):
        """The code, the versions and the settings, taken when the first page is made (every
        plugin has set its defaults by then)."""
        if self._site_digest is None:
            digest = hashlib.sha256()
            versions = (RECORD_VERSION, platform.python_version(), pelican.__version__)
            digest.update(f"{versions}:{jinja2.__version__}".encode())
            # Every file of every plugin: code, templates, data (not its notes for people).
            digest.update(files_digest(self.plugin_paths, (".pyc", ".md")).encode())
            # Functions in the settings (JINJA_FILTERS, sort keys) by their code: digest.py.
            # Not where the output goes: publish builds into a new folder each time.
            shown = {k: v for k, v in self.settings.items() if k not in WHERE}
            digest.update(Digester().of(shown).encode())
            self._site_digest = digest
        return self._site_digest

    def _digests(self, context: dict) -> Digester:
        """The build's one Digester, made when the context knows every address."""
        if self.digester is None:
            self.digester = Digester(addresses(context))
        return self.digester

    def content(self, content, context: dict) -> str:
        """The digest of a post or page as its pages show it (once a build)."""
        return self._digests(context).of(content)

    def made_from(self, *parts: str) -> str:
        """A key for a file made by a plugin from these digests, the code and the settings."""
        digest = self._site.copy()
        digest.update("\0".join(parts).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def key(self, template: jinja2.Template, context: dict) -> str:
        self._digests(context)
        environment = template.environment
        if environment not in self._templates:
            # Pelican's generators each have an environment, over the same folders.
            folders = tuple(loader_folders(environment.loader))
            if folders not in self._folders:
                self._folders[folders] = files_digest(folders)
            templates = self._folders[folders]
            self._templates[environment] = (TemplateNames(environment, templates), templates)
        names, templates = self._templates[environment]
        used = names.used(template.name)
        chosen = sorted(context) if used is EVERYTHING else sorted(used)
        digest = self._site.copy()
        digest.update(f"{templates}:{template.name}".encode())
        for name in chosen:
            value = self._value(name, context[name]) if name in context else "-"
            digest.update(f"\0{name}={value}".encode())
        return digest.hexdigest()

    def _value(self, name: str, value) -> str:
        """A context value's digest; the site-wide ones (every post, every topic) are the
        same objects on every page, and are digested once a build."""
        known = self._values.get(name)
        if known and known[0] is value:
            return known[1]
        digest = self.digester.of(value)
        self._values[name] = (value, digest)
        return digest


def addresses(context: dict) -> dict[str, str]:
    """Every content file's address (what a post's link to it turns into), by file name:
    a digest of the paths and addresses of the files of each name; under "", of them all."""
    by_name: dict[str, list[str]] = {}
    for kind in ("generated_content", "static_content"):
        for path, item in (context.get(kind) or {}).items():
            name = posixpath.basename(str(path).replace(os.sep, "/"))
            by_name.setdefault(name, []).append(f"{kind}:{path}>{getattr(item, 'url', '')}")
    digests = {
        name: hashlib.sha256("\n".join(sorted(found)).encode()).hexdigest()
        for name, found in by_name.items()
    }
    digests[""] = hashlib.sha256("\n".join(sorted(digests.values())).encode()).hexdigest()
    return digests


class Record:
    """The key of each page the last build wrote, with its file's size and date then."""

    def __init__(self, path: str):
        self.path = path
        self.previous = self._load()
        self.current: dict[str, list] = {}

    def _load(self) -> dict[str, list]:
        try:
            with open(self.path, encoding="utf-8") as file:
                data = json.load(file)
            return data["pages"] if data.get("version") == RECORD_VERSION else {}
        except (OSError, ValueError, KeyError, AttributeError):
            return {}

    def fresh(self, output_path: str, relative: str, key: str) -> bool:
        """Whether the file at ``relative`` is exactly what ``key`` last rendered."""
        was = self.previous.get(relative)
        if not was or was[0] != key:
            return False
        try:
            stat = os.stat(os.path.join(output_path, relative))
        except OSError:
            return False
        if [stat.st_size, stat.st_mtime_ns] != was[1:]:
            return False
        self.current[relative] = was  # still this build's file, as it was
        return True

    def note(self, output_path: str, relative: str, key: str) -> None:
        stat = os.stat(os.path.join(output_path, relative))
        self.current[relative] = [key, stat.st_size, stat.st_mtime_ns]

    def save(self) -> None:
        record = {"version": RECORD_VERSION, "pages": self.current}
        write_atomically(self.path, json.dumps(record).encode("utf-8"), prefix=".record-")


def record_path(cache_path: str, output_path: str) -> str:
    return os.path.join(cache_path, "incremental", f"{output_key(output_path)}-pages.json")


# The record and keys of the build under way (one at a time in a process; opened by
# incremental.start when Pelican is initialised, saved when it has finished).
_current: tuple[Record, PageKeys] | None = None


def open_record(
    settings: dict, output_path: str, code: Iterable[str] | None = None
) -> tuple[Record, PageKeys]:
    """The build's record and keys; ``code``: where the plugins are (default PLUGIN_PATHS)."""
    global _current
    record = Record(record_path(settings["CACHE_PATH"], output_path))
    code = (settings.get("PLUGIN_PATHS") or ()) if code is None else code
    _current = (record, PageKeys(settings, code))
    return _current


def current() -> Record | None:
    return _current[0] if _current else None


def keys() -> PageKeys | None:
    return _current[1] if _current else None


def close_record() -> None:
    global _current
    if _current is not None:
        _current[0].save()
    _current = None
