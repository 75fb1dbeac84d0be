"""Pelican's view of a post file: the Post model turned into content and metadata."""

from __future__ import annotations

import os
import re
import time
from dataclasses import replace

from incremental import progress
from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import slugify

from . import body, prepare
from .contract import ContractSettings, read_post
from .model import Post
from .problems import Problem
from .verdicts import scale

SLUG_LENGTH = 80


class PostError(Exception):
    """A post file broke the contract; the build reports it with all the others."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def display_path(path: str) -> str:
    """How problems name a file: relative to the working folder when inside it."""
    relative = _relative(os.path.abspath(path), os.getcwd())
    return path if relative.startswith("..") else relative.replace(os.sep, "/")


def _relative(absolute: str, cwd: str) -> str:
    """``os.path.relpath``, without its cost for each of thousands of files on POSIX.

    Both paths are absolute and normalised, so a file is inside the working folder
    exactly when its path starts with the folder's; if not, relpath would start with "..".
    """
    if os.name != "posix" or absolute == cwd:
        return os.path.relpath(absolute, cwd)
    inside = os.path.join(cwd, "")
    return absolute[len(inside) :] if absolute.startswith(inside) else os.pardir


def contract_settings(settings: dict) -> ContractSettings:
    return ContractSettings(
        verdicts=tuple(settings["POSTS_VERDICTS"]),
        timezone=settings.get("TIMEZONE") or "Europe/London",
        content_root=settings["PATH"],
    )


def read_source(path: str, settings: dict) -> tuple[Post | None, list[Problem]]:
    with open(path, "rb") as file:
        raw = file.read()
    return read_post(
        raw, display_path(path), contract_settings(settings), folder_of(path, settings)
    )


def render_problems(path: str, settings: dict) -> list[Problem]:
    """Why a post that keeps to the contract still failed to read: its body's Markdown.

    The contract's bounds (limits.MAX_BODY) keep out every input known to stall or break
    Python-Markdown; this names the post, never a traceback, if another one does.
    """
    post, problems = read_source(path, settings)
    if post is None:
        return problems
    try:
        body.render(post.body, settings.get("MARKDOWN", {}))
    except Exception as error:  # reported as the post's problem, which it is
        with open(path, "rb") as file:
            lines = file.read().decode("utf-8-sig").split("\n")
        closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), 0)
        return [
            Problem(
                display_path(path),
                closing + 2,
                "body",
                f"Markdown could not render it ({type(error).__name__}); "
                "simplify its nesting or its HTML",
            )
        ]
    return []


def folder_of(path: str, settings: dict) -> str:
    """The post's folder relative to the content root, which its relative links start from."""
    return os.path.relpath(os.path.dirname(os.path.abspath(path)), settings["PATH"])


def derive_slug(title: str, source_path: str, settings: dict) -> str:
    """The address part for a post with no ``slug``: from its title, else its file name.

    A pound sign is dropped before transliteration, which spells it "PS" ("£6bn" would
    read ``ps6bn``): the figure alone reads right in an address. A post already in the
    ledger (published.json) keeps the address it was published at.
    """
    for text in (title, os.path.splitext(os.path.basename(source_path))[0]):
        text = text.replace("£", "")
        slug = slugify(text, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
        slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")
        if len(slug) > SLUG_LENGTH:
            slug = slug[:SLUG_LENGTH].rsplit("-", 1)[0]
        if slug:
            return slug
    return "post"


def default_summary(post: Post, html: str, verdict_label: str | None) -> str:
    summary = body.first_paragraph(html)
    if summary or not post.claim:
        return summary
    return body.shorten(
        f"{verdict_label}: {post.claim.claimant} said “{post.claim.text}”", body.SUMMARY_LENGTH
    )


def metadata(post: Post, html: str, source_path: str, settings: dict) -> dict:
    """Pelican metadata for a valid post; every contract field is an attribute."""
    verdict = scale(settings["POSTS_VERDICTS"])[post.verdict] if post.verdict else None
    meta = {
        "title": post.title,
        "date": post.date,
        "status": post.status,
        "slug": post.slug or derive_slug(post.title, source_path, settings),
        "explicit_slug": post.slug is not None,
        "summary": post.summary or default_summary(post, html, verdict and verdict.label),
        "tags": [Tag(tag, settings) for tag in post.tags],
        # Topics are the only taxonomy, but Pelican's draft writer expects a category.
        "category": Category(settings["DEFAULT_CATEGORY"], settings),
        # The model as read, for plugins; without its Markdown source, which is rendered
        # into the content by now and was a third of a kept reading's memory.
        "post": replace(post, body=""),
        "is_rebuttal": post.is_rebuttal,
        "claim": post.claim,
        "verdict": verdict,
        "facts": post.facts,
        "card": post.card,
        "image": post.image,
        "share_text": post.share_text,
        "corrections": sorted(post.corrections, key=lambda c: c.date, reverse=True),
        "aliases": post.aliases,
        "field_lines": post.field_lines,
    }
    if post.authors:
        meta["authors"] = [Author(name, settings) for name in post.authors]
    if post.last_modified:
        meta["modified"] = post.last_modified
    return meta


class PostReader(BaseReader):
    """Reads Markdown posts with YAML front-matter, to the post contract."""

    enabled = True
    file_extensions = ["md", "markdown"]

    def read(self, source_path: str):
        reading = READ_AHEAD.pop(source_path, None)
        if reading is not None:
            with open(source_path, "rb") as file:
                if prepare.digest_of(file.read()) != reading.digest:
                    reading = None  # changed since it was read ahead
        if reading is not None:
            post, html = reading.post, reading.html
        else:
            post, problems = read_source(source_path, self.settings)
            if post is None:
                raise PostError(problems)
            html = body.render(post.body, self.settings.get("MARKDOWN", {}))
        return html, metadata(post, html, source_path, self.settings)


# Posts read in parallel before Pelican reads them (prepare.py), by absolute path.
READ_AHEAD: dict[str, prepare.Reading] = {}


def read_ahead(paths: list[str], settings: dict) -> None:
    """Read these posts in parallel processes, for PostReader to take; when there are at
    least POSTS_PARALLEL_FROM of them and more than one core to read them on."""
    least, count = settings["POSTS_PARALLEL_FROM"], prepare.workers()
    if not least or len(paths) < least or count < 2:
        return
    contract, markdown = contract_settings(settings), settings.get("MARKDOWN", {})
    tasks = [
        prepare.Task(path, display_path(path), contract, folder_of(path, settings), markdown)
        for path in paths
    ]
    started = time.monotonic()
    found = prepare.read_all(tasks, count)
    READ_AHEAD.update(found)
    seconds = time.monotonic() - started
    progress.say("Posts: %s of %s not in the content cache read in %d processes (%.1f s)",
                 f"{len(found):,}", f"{len(tasks):,}", count, seconds)  # fmt: skip
