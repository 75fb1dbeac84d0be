"""`invoke new`: a new post from a template, named from its title and dated now.

The new file is a draft that already keeps to the post contract, so it can be committed
half-written without stopping anyone's deploy: drafts are never published. Whatever the
editor has not filled in is marked with ``TODO:``, and `invoke release` refuses a post
that still has one.
"""

from __future__ import annotations

import difflib
import os
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import yaml
from posts.placeholders import MARK
from posts.reader import derive_slug, display_path

from . import ToolError

# The mark of a placeholder; `release`, `check` (on pages) and the post-build checks look for it.
PLACEHOLDER = MARK
# A source address that is plainly not a source; a published page must never link to it.
PLACEHOLDER_URL = "https://www.example.org/TODO-source"


def scalar(text: str) -> str:
    """``text`` as one YAML scalar, quoted only when YAML needs it."""
    dumped = yaml.safe_dump({"k": text}, allow_unicode=True, width=10_000, sort_keys=False)
    return dumped[len("k: ") :].rstrip("\n")


def flow_list(items: list[str]) -> str:
    return "[" + ", ".join(scalar(item) for item in items) + "]"


# The note at the top of a new draft; `release` takes these lines out again, since they
# no longer hold once the post is published.
DRAFT_NOTE = (
    "# A draft: built only as a preview. Replace each TODO placeholder, then run",
    "#   python3 dev.py check     and     python3 dev.py release <slug>",
    "# For an update rather than a rebuttal, delete claim, claimant and verdict.",
)


def filename(title: str, when: datetime, settings: dict) -> str:
    """``YYYY-MM-DD-<slug>.md``, the slug made the way the build makes it."""
    slug = derive_slug(title, "", settings)
    return f"{when:%Y-%m-%d}-{slug}.md"


# The note at the top of a new draft; `release` takes it out again.
DRAFT_NOTE = (
    "# A draft: built only as a preview. Replace each TODO placeholder, then run",
    "#   python3 dev.py check     and     python3 dev.py release <slug>",
    "# For an update rather than a rebuttal, delete claim, claimant and verdict.",
)


def template(
    title: str,
    when: datetime,
    verdicts: list[str],
    claim: str | None = None,
    claimant: str | None = None,
    verdict: str | None = None,
    topics: list[str] = (),
) -> str:
    """The text of a new draft rebuttal; every gap is a ``TODO:`` placeholder."""
    lines = [
        "---",
        *DRAFT_NOTE,
        f"title: {scalar(title)}",
        f"date: {when:%Y-%m-%d %H:%M}",
        "status: draft",
    ]
    if topics:
        lines.append(f"tags: {flow_list(list(topics))}")
    lines.append(f"claim: {scalar(claim or PLACEHOLDER + ' their exact words')}")
    lines.append(f"claimant: {scalar(claimant or PLACEHOLDER + ' who said it')}")
    if verdict:
        # The contract reads values as typed text: `verdict: false` is the verdict "false".
        plain = re.fullmatch(r"[a-z0-9-]+", verdict)
        lines.append(f"verdict: {verdict if plain else scalar(verdict)}")
    else:
        lines.append(f"verdict: {verdicts[0]}  # {PLACEHOLDER} one of {', '.join(verdicts)}")
    lines += [
        "facts:",
        f"  - fact: {scalar(PLACEHOLDER + ' one fact, in one sentence, that answers the claim.')}",
        "    sources:",
        f"      - url: {PLACEHOLDER_URL}",
        f"        title: {scalar(PLACEHOLDER + ' the title of the source')}",
        f"        publisher: {scalar(PLACEHOLDER + ' who published it')}",
        "---",
        f"{PLACEHOLDER} what is true, in two or three short paragraphs.",
        "",
    ]
    return "\n".join(lines)


def check_verdict(verdict: str | None, verdicts: list[str]) -> None:
    if verdict is None or verdict in verdicts:
        return
    close = difflib.get_close_matches(verdict.lower(), verdicts, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}? " if close else ""
    raise ToolError(f"'{verdict}' is not a verdict; {hint}the verdicts are: {', '.join(verdicts)}")


def create(
    settings: dict,
    title: str,
    claim: str | None = None,
    claimant: str | None = None,
    verdict: str | None = None,
    topic: str | None = None,
    now: datetime | None = None,
) -> str:
    """Write the new draft into the first post folder; return its path. Never overwrites."""
    title = " ".join(title.split())
    if not title:
        raise ToolError('A post needs a title: invoke new "What they got wrong"')
    verdicts = list(settings["POSTS_VERDICTS"])
    check_verdict(verdict, verdicts)
    when = (now or datetime.now(ZoneInfo(settings["TIMEZONE"]))).astimezone(
        ZoneInfo(settings["TIMEZONE"])
    )
    topics = [t.strip() for t in (topic or "").split(",") if t.strip()]
    folder = os.path.join(settings["PATH"], settings["ARTICLE_PATHS"][0])
    path = os.path.join(folder, filename(title, when, settings))
    text = template(title, when, verdicts, claim, claimant, verdict, topics)
    os.makedirs(folder, exist_ok=True)
    try:
        # "x": the check and the write are one step, so two editors cannot race.
        with open(path, "x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise ToolError(
            f"{display_path(path)} already exists; not overwriting it. "
            "Choose another title, or edit that file."
        ) from None
    return path
