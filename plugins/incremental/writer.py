"""Pelican's Writer, rendering a page only when what it is made of changed, and writing a
file only when its bytes differ from the file already there."""

from __future__ import annotations

import io
import logging
import os

from . import output_files, pages, progress
from .pelican_internals import OpeningWriter

logger = logging.getLogger(__name__)


class Kept(str):
    """What a template "renders" when its page is already in the output as it would be."""


class _Page(io.StringIO):
    """Collects a rendered page; on close, hands its bytes to ``write_if_changed``."""

    def __init__(self, path: str | None, encoding: str, on_close=None):
        super().__init__()
        self.path, self.charset, self.on_close = path, encoding, on_close
        self.kept = False

    def write(self, text: str) -> int:
        if isinstance(text, Kept):
            self.kept = True
            return 0
        return super().write(text)

    def close(self) -> None:
        if not self.closed and self.path is not None:
            if self.kept:
                output_files.produced(self.path)
                output_files.count("kept")
            else:
                output_files.write_if_changed(self.path, self.getvalue().encode(self.charset))
            if self.on_close:
                self.on_close(self.path)
        super().close()


class _RenderWhenChanged:
    """Stands in for a template: renders only when the page's key is not the recorded one."""

    def __init__(self, template, writer: UnchangedWriter):
        self.template, self.writer = template, writer

    def render(self, context: dict) -> str:
        writer = self.writer
        key = writer.keys.key(self.template, context)
        relative = os.path.normpath(context["output_file"])
        writer.pending[relative] = key
        if writer.record.fresh(writer.output_path, relative, key):
            return Kept()
        writer.rendering.tick()
        return self.template.render(context)


class UnchangedWriter(OpeningWriter):
    """Renders a page only when its key changed; leaves a file alone when it would not change."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        if pages.current() is None:  # a writer made outside a build (as tests do)
            pages.open_record(settings, output_path)
        self.record, self.keys = pages.current(), pages.keys()
        self.pending: dict[str, str] = {}
        self.rendering = progress.Ticker("Pages rendered")

    def write_file(self, name, template, context, *args, **kwargs):
        skippable = _RenderWhenChanged(template, self)
        return super().write_file(name, skippable, context, *args, **kwargs)

    def _noted(self, path: str) -> None:
        relative = os.path.relpath(path, self.output_path)
        key = self.pending.pop(relative, None)
        if key is not None:
            self.record.note(self.output_path, relative, key)

    def open_output(self, filename: str | None, encoding: str) -> _Page:
        return _Page(filename, encoding, self._noted if filename else None)
