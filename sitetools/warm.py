"""What a publish keeps so the next one starts warm: the last site, and the build's records.

`invoke publish` builds into a staging folder beside output/ (so the swap is a rename).
Built into an empty folder, every page is rendered and every file written again: 15 s
at 1,000 posts for a one-word edit. So the last published site is kept in the cache as
hard links to output/'s files (no bytes copied) and moved in as the staging folder, and
the build runs under one name for its records (``INCREMENTAL_OUTPUT_KEY``, see
plugins/incremental/sweep.py) whatever the staging folder is called: the incremental
plugin then renders only what changed, and writes a changed file as a new file renamed
into place, which breaks the link and leaves output/ as it was until the swap. The
output it replaces, brought up to date, is the next kept site.

What changed is told by the links themselves: a file of the staging folder that is still
the inode it was seeded with was not written by the build. docs/path-to-live.md has it all.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import pickle
import re
import shutil

from incremental import sweep
from sitekit.files import write_atomically

KEY = "publish"  # INCREMENTAL_OUTPUT_KEY of every publish
SEARCH_SKIPPED = ("pagefind",)  # the search plugin removes its stale parts itself


def link_tree(source: str, destination: str) -> None:
    """Fill ``destination`` with hard links to every file under ``source`` (copies where
    the file system has none)."""
    for folder, folders, names in os.walk(source):
        folders.sort()
        target = os.path.normpath(os.path.join(destination, os.path.relpath(folder, source)))
        os.makedirs(target, exist_ok=True)
        for name in names:
            path = os.path.join(folder, name)
            try:
                os.link(path, os.path.join(target, name))
            except OSError:  # another file system, or one without hard links
                shutil.copy2(path, os.path.join(target, name))


def changed(folder: str, seed: dict[str, int]) -> set[str]:
    """The files of ``folder`` the build wrote: new ones, and those no longer the seed's."""
    return {key for key, inode in inodes_of(folder).items() if seed.get(key) != inode}


def inodes_of(folder: str) -> dict[str, int]:
    """Each file's inode, by its path relative to ``folder`` (with /)."""
    found = {}
    for place, _, names in os.walk(folder):
        relative = os.path.relpath(place, folder)
        for name in names:
            found[_key(relative, name)] = os.lstat(os.path.join(place, name)).st_ino
    return found


def _key(relative: str, name: str) -> str:
    """A file's path relative to the site's folder, with /, from ``os.walk``'s parts."""
    return name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")


def sync(folder: str, site: str) -> None:
    """Make ``folder`` hold hard links to exactly the files of ``site``, touching only what
    differs: a file that is not the same inode is linked again, one ``site`` has not is
    removed, and so is a folder left empty. Cheaper than a new tree of links by far:
    creating and removing thousands of folders is most of that."""
    wanted = inodes_of(site)
    for place, _, names in os.walk(folder, topdown=False):
        relative = os.path.relpath(place, folder)
        for name in names:
            key, path = _key(relative, name), os.path.join(place, name)
            if wanted.get(key) == os.lstat(path).st_ino:
                del wanted[key]
            else:
                os.remove(path)
        if place != folder and not os.listdir(place):
            os.rmdir(place)
    for key in wanted:
        source, target = os.path.join(site, key), os.path.join(folder, key)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def seed(kept: str, staging: str, cache_path: str) -> dict[str, int] | None:
    """Make the (empty) ``staging`` folder the ``kept`` site; None when there is none.

    The kept site itself is moved there: its files are hard links to the live site's,
    which the build replaces, never writes into. Without a record of what the last
    build produced (a change of code or settings starts a new content cache, see
    sitetools/reader_cache.py), every kept file is taken as the last build's: the build removes
    those it does not make again.
    """
    if not os.path.isdir(kept):
        return None
    try:
        os.rmdir(staging)
        os.rename(kept, staging)
    except OSError:  # another file system: a tree of links (or copies) instead
        os.makedirs(staging, exist_ok=True)
        link_tree(kept, staging)
    inodes = inodes_of(staging)
    manifest = sweep.named_manifest_path(cache_path, KEY)
    if not os.path.exists(manifest):
        sweep.save(manifest, {path for path in inodes if not path.startswith(SEARCH_SKIPPED)})
    return inodes


def keep(output: str, kept: str, spare: str | None = None) -> None:
    """Make ``kept`` the site now in ``output``, from ``spare`` (a folder of links to an
    earlier site: the output it replaced, or a staging folder not published) brought up
    to date, or else a new tree of links."""
    forget(kept)
    if spare and os.path.isdir(spare):
        sync(spare, output)
        os.rename(spare, kept)
        return
    link_tree(output, f"{kept}.new")
    os.rename(f"{kept}.new", kept)


# A drawn card in the output: ``<hash>-<design>.<ext>``, the hash naming all it shows
# (plugins/cards/card_cache.py); in the card cache, ``<hash>-<design>.<digest>.<ext>``.
CARD = re.compile(r"([0-9a-f]{12}-[a-z]+)\.(png|jpg)")


def adopt(live: str, kept: str, cards_cache: str, cards_dir: str = "cards") -> int:
    """Take the live site's files (fetched into ``live``) as the kept site, when a cold run
    has none (an evicted CI cache), and its cards into the card cache: a cold run draws
    only the cards of new or changed posts. Returns the number of cards taken.

    A card goes into the cache under the digest of its bytes, computed here, which the
    cards plugin checks again before it uses one; that the bytes are the ones deployed
    is git's to check (every object's id is the digest of its bytes). Which card a post
    needs is decided by its hash, so a card no post needs any more is never used.
    """
    from cards.card_cache import DIGEST_LENGTH  # here: the cards' code, for a cold run only

    for name in (".nojekyll", "CNAME"):  # the deploy's, not the build's
        with contextlib.suppress(FileNotFoundError):
            os.remove(os.path.join(live, name))
    taken = 0
    folder = os.path.join(live, cards_dir)
    if os.path.isdir(folder):
        os.makedirs(cards_cache, exist_ok=True)
        cached = {name.split(".")[0] for name in os.listdir(cards_cache)}
        for name in sorted(os.listdir(folder)):
            card = CARD.fullmatch(name)
            if not card or card.group(1) in cached:
                continue
            path = os.path.join(folder, name)
            with open(path, "rb") as file:
                digest = hashlib.sha256(file.read()).hexdigest()[:DIGEST_LENGTH]
            target = os.path.join(cards_cache, f"{card.group(1)}.{digest}.{card.group(2)}")
            try:
                os.link(path, target)
            except OSError:
                shutil.copy2(path, target)
            taken += 1
    forget(kept)
    os.makedirs(os.path.dirname(os.path.abspath(kept)), exist_ok=True)
    os.rename(live, kept)
    return taken


def forget(kept: str) -> None:
    """No kept site: the next publish starts from an empty folder."""
    for folder in (kept, f"{kept}.new", f"{kept}.old"):
        shutil.rmtree(folder, ignore_errors=True)


def record_files(cache_path: str) -> list[str]:
    """The build's records under the publish's name: what it produced, each page's key,
    each part of the search index's fingerprint."""
    return sorted(
        glob.glob(os.path.join(glob.escape(cache_path), "incremental", f"{KEY}*.json"))
        + glob.glob(os.path.join(glob.escape(cache_path), "search", f"{KEY}-*.txt"))
    )


class Records:
    """The records as they were before a build, to put back when it is not published: they
    must describe the kept site, not a staging folder that was thrown away."""

    def __init__(self, cache_path: str):
        self.cache_path = cache_path
        self.saved = {}
        for path in record_files(cache_path):
            with open(path, "rb") as file:
                self.saved[path] = file.read()

    def restore(self) -> None:
        for path in record_files(self.cache_path):
            if path not in self.saved:
                with contextlib.suppress(OSError):
                    os.remove(path)
        for path, data in self.saved.items():
            with open(path, "wb") as file:
                file.write(data)


def load_memo(path: str) -> dict:
    """What the checks kept at the last publish (postbuild.Memo); {} if none or unreadable.

    A pickle, as Pelican's own content cache beside it: this process's own file in the
    project's cache, read in less than half the time JSON took (2 MB at 1,000 posts).
    """
    try:
        with open(path, "rb") as file:
            found = pickle.load(file)
        return found if isinstance(found, dict) else {}
    except Exception:  # missing, cut short, or from another Python: start afresh
        return {}


def save_memo(path: str, data: dict) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    write_atomically(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
