"""Pelican's content cache for the tasks' builds, kept only while what it depends on is unchanged.

Reading posts (YAML, the contract, Markdown, the sanitiser) is most of a build: Pelican's
reader cache keeps each file's result, keyed by a hash of the file's bytes (not its
modification time, which a fresh CI checkout resets). What Pelican does not see is a
change to the settings or the plugins, which would leave cached results stale: so the
cache lives in a folder named after a hash of the settings files (site.toml too), the
plugins' code, the pinned requirements and SITEURL, and a change to any of them starts a
fresh one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

# What the cached reading of a post depends on, besides the post itself.
DEPENDS_ON = ("*.py", "site.toml", "plugins/**/*.py", "requirements.txt")


def fingerprint(root: str, environ: dict | None = None) -> str:
    digest = hashlib.sha256()
    for pattern in DEPENDS_ON:
        for path in sorted(Path(root).glob(pattern)):
            if "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    digest.update((environ if environ is not None else os.environ).get("SITEURL", "").encode())
    return digest.hexdigest()[:16]


def settings(root: str, folder: str, name: str) -> dict:
    """Extra Pelican settings for a cached build; ``name`` keeps builds' caches apart.

    Caches made under an older fingerprint are removed: they can never be used again.
    """
    key = f"{name}-{fingerprint(root)}"
    if os.path.isdir(folder):
        for old in os.listdir(folder):
            if old.startswith(f"{name}-") and old != key:
                shutil.rmtree(os.path.join(folder, old), ignore_errors=True)
    return {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CONTENT_CACHING_LAYER": "reader",
        "CHECK_MODIFIED_METHOD": "sha256",
        # Plain pickle: gzip at level 9 took most of a second to save the cache of
        # 1,000 posts on every build, changed or not; the disk is cheaper.
        "GZIP_CACHE": False,
        "CACHE_PATH": os.path.join(folder, key),
    }
