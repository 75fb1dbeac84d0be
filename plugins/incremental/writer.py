"""Pelican's Writer, writing a page only when its bytes differ from the file already there."""

from __future__ import annotations

import io
import logging
import os

from pelican.writers import FileOverwriteFailedError, Writer

from .files import write_if_changed

logger = logging.getLogger(__name__)


class _Page(io.StringIO):
    """Collects a rendered page; on close, hands its bytes to ``write_if_changed``."""

    def __init__(self, path: str | None, encoding: str):
        super().__init__()
        self.path, self.charset = path, encoding

    def close(self) -> None:
        if not self.closed and self.path is not None:
            write_if_changed(self.path, self.getvalue().encode(self.charset))
        super().close()


class UnchangedWriter(Writer):
    """Renders every page as Pelican does; leaves a file alone when it would not change.

    Pelican's own rules for writing a file twice (``override_output``) are kept as they
    are in ``Writer._open_w``; only the final ``open()`` is replaced.
    """

    def _open_w(self, filename, encoding, override=False):
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', filename)
            return _Page(None, encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already '
                "written to it previously (set `override=True` if intended)"
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        os.makedirs(os.path.dirname(filename), exist_ok=True)
        return _Page(filename, encoding)
