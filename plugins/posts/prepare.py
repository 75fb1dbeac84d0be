"""Many posts read at once, in parallel processes: a build with no content cache.

Reading a post (YAML, the contract, Markdown, the sanitiser) is pure work on its bytes,
and a build that finds no content cache (a fresh CI runner whose cache was evicted, or a
change of code) reads every one: at 1,000 posts, 13 of its 26 seconds. Pelican reads them
one after another; here, before it starts, the posts its cache does not hold are read by
a pool of processes, and the reader (reader.py) takes each reading whose file still has
the same bytes. What a reading gives is exactly what the reader would make itself: the
same functions on the same bytes. A post that breaks the contract or fails to render is
left to the reader, which reports it as always.

Anything wrong with the pool (no processes allowed, a worker killed) costs only the
time: the reader reads every post itself.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from sitekit import cores

from . import body
from .contract import ContractSettings, read_post
from .model import Post

logger = logging.getLogger(__name__)

# Below this many posts to read, starting the processes costs more than they save.
DEFAULT_FROM = 100
MOST_WORKERS = 8


@dataclass(frozen=True)
class Task:
    path: str  # absolute
    shown: str  # how problems name the file
    contract: ContractSettings
    folder: str  # relative to the content root, for the body's relative links
    markdown: dict  # the MARKDOWN setting


@dataclass(frozen=True)
class Reading:
    digest: str  # SHA-256 of the bytes it was made from
    post: Post
    html: str


def digest_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_one(task: Task) -> tuple[str, Reading | None]:
    """One post read and rendered; None when it has problems (the reader reports them)."""
    with open(task.path, "rb") as file:
        raw = file.read()
    post, problems = read_post(raw, task.shown, task.contract, task.folder)
    if post is None or problems:
        return task.path, None
    try:
        html = body.render(post.body, task.markdown)
    except Exception:  # the reader renders it again, and names the post
        return task.path, None
    return task.path, Reading(digest_of(raw), post, html)


def workers() -> int:
    return min(cores.count(), MOST_WORKERS)


def read_all(tasks: list[Task], count: int) -> dict[str, Reading]:
    """Each task's reading by path, read by ``count`` processes; {} if the pool fails."""
    # A fresh server forks the workers: forking Pelican's process itself would copy its
    # threads' locks (the progress display's) in whatever state they were.
    context = multiprocessing.get_context("forkserver")
    try:
        with ProcessPoolExecutor(count, mp_context=context) as pool:
            found = pool.map(read_one, tasks, chunksize=max(1, len(tasks) // (count * 8)))
            return {path: reading for path, reading in found if reading is not None}
    except Exception as error:  # slower, not wrong: the reader reads every post itself
        logger.debug("Posts not read in parallel: %r", error)
        return {}
