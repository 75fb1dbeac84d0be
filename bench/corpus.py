"""A generated corpus of rebuttals to the post contract, the same every time for a seed.

Each post has about 600 words of Markdown body, 2 to 5 facts with 1 to 3 sources each
and 1 to 4 topics, in the English, Welsh and Polish a UK campaign writes (curly quotes,
£, €, accents, the odd emoji). Four posts in five are rebuttals, the rest updates.

The same posts are written three ways, so every generator builds the same words:

- ``project``: this project's contract (YAML front-matter with claim, verdict, facts);
- ``pelican``: stock Pelican's Markdown metadata, claim and facts as Markdown in the body;
- ``hugo``: Hugo's YAML front-matter, the same body as ``pelican``.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

PROSE = (
    "the council tax bill for every family in Exampleton will rise next year under their "
    "“fully costed” plans while the Tŷ Gwyn clinic in Aberdŵr closes its doors and the "
    "minister’s promise was broken again waiting lists teachers buses energy bills parking "
    "charges deposit return scheme hospital beds nurses housing rents pensioners wages "
    "inflation the budget of £1,200 million was cut by a third since 2019 according to "
    "figures from the Office for National Statistics Łódź Gdańsk żółć zażółć gęślą jaźń "
    "Caerdydd Llanelli ysgolion cyngor ffordd €40 per household in real terms across Wales "
    "and England a 4.5% rise every month in every ward — not once but twice — says the report"
)
WORDS = PROSE.split()
EMOJI = ["🚀", "👍🏽", "📉", "🏥", "🚌"]
TOPICS = [
    "Economy", "Cost of living", "Health", "NHS", "Education", "Ysgolion", "Transport",
    "Buses", "Housing", "Energy", "Council tax", "Crime", "Environment", "Jobs", "Pensions",
    "Welfare", "Immigration", "Local government", "Tŷ a chartref", "Wales", "Scotland",
    "Rural affairs", "Parking", "Business", "Tax", "Childcare", "Social care", "Water",
    "Polska społeczność", "Climate", "Broadband", "Defence", "Justice", "Culture", "Sport",
    "Farming", "Fuel", "Rail", "Roads", "Students",
]  # fmt: skip
CLAIMANTS = [
    "The Blue Party", "Cllr Siân Llewellyn", "Jan Kowalski MP", "Blue Party leader",
    "The Chancellor", "Exampleton Borough Council", "Dr Zoë Ó Briain", "The Yellow Alliance",
]  # fmt: skip
PUBLISHERS = [
    "Office for National Statistics", "House of Commons Library", "NHS England",
    "Llywodraeth Cymru", "Institute for Fiscal Studies", "Exampleton Gazette", "Ofgem",
]  # fmt: skip
VERDICTS = ("false", "misleading", "missing-context", "exaggerated", "unsupported")
VERDICT_LABELS = {
    "false": "False",
    "misleading": "Misleading",
    "missing-context": "Missing context",
    "exaggerated": "Exaggerated",
    "unsupported": "Unsupported",
}
START = datetime(2020, 1, 6, 9, 0)
KINDS = ("project", "pelican", "hugo")


@dataclass
class Source:
    url: str
    title: str
    publisher: str
    date: str | None


@dataclass
class Fact:
    text: str
    sources: list[Source]


@dataclass
class Post:
    number: int
    title: str
    date: datetime
    topics: list[str]
    claim: str | None
    claimant: str | None
    verdict: str | None
    facts: list[Fact]
    body: str

    @property
    def stem(self) -> str:
        return f"{self.date:%Y-%m-%d}-post-{self.number:05d}"


def words(chance: random.Random, count: int) -> str:
    chosen = [chance.choice(WORDS) for _ in range(count)]
    if chance.random() < 0.01:
        chosen.insert(chance.randrange(len(chosen)), chance.choice(EMOJI))
    return " ".join(chosen)


def sentence(chance: random.Random, count: int) -> str:
    text = words(chance, count)
    return text[0].upper() + text[1:] + "."


def paragraph(chance: random.Random, count: int) -> str:
    parts, left = [], count
    while left > 0:
        size = min(left, chance.randint(8, 22))
        text = sentence(chance, size)
        if chance.random() < 0.15:
            text = text.replace(" ", " **", 1).replace(" ", "** ", 2).replace("** ", " ", 1)
        if chance.random() < 0.1:
            text += f" [Read the report](https://www.example.org/report/{chance.randint(1, 999)})."
        parts.append(text)
        left -= size
    return " ".join(parts)


def body(chance: random.Random, total: int = 600) -> str:
    blocks, left = [], total
    while left > 0:
        size = min(left, chance.randint(70, 130))
        if blocks and chance.random() < 0.15:
            blocks.append(f"## {sentence(chance, 5)[:-1]}")
        if chance.random() < 0.1:
            items = [f"- {sentence(chance, 8)}" for _ in range(3)]
            blocks.append("\n".join(items))
            size = 24
        else:
            blocks.append(paragraph(chance, size))
        left -= size
    return "\n\n".join(blocks) + "\n"


def slug_key(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]


def make_posts(count: int, seed: int = 8) -> list[Post]:
    chance = random.Random(seed)
    posts, titles = [], set()
    for number in range(count):
        title = sentence(chance, chance.randint(7, 13))[:-1]
        while slug_key(title) in titles:
            title = f"{title} {chance.choice(WORDS)}"
        titles.add(slug_key(title))
        rebuttal = number % 5 != 4
        facts = [
            Fact(
                sentence(chance, chance.randint(12, 30)),
                [
                    Source(
                        url=f"https://www.example.org/{number}/{f}/{s}?ref=fact",
                        title=sentence(chance, chance.randint(3, 7))[:-1],
                        publisher=chance.choice(PUBLISHERS),
                        date=f"20{chance.randint(10, 19)}-0{chance.randint(1, 9)}-1{s}"
                        if chance.random() < 0.5
                        else None,
                    )
                    for s in range(chance.randint(1, 3))
                ],
            )
            for f in range(chance.randint(2, 5))
        ]
        posts.append(
            Post(
                number=number,
                title=title,
                date=START + timedelta(hours=7 * number, minutes=number % 60),
                topics=chance.sample(TOPICS, chance.randint(1, 4)),
                claim=sentence(chance, chance.randint(8, 30)) if rebuttal else None,
                claimant=chance.choice(CLAIMANTS) if rebuttal else None,
                verdict=chance.choice(VERDICTS) if rebuttal else None,
                facts=facts,
                body=body(chance),
            )
        )
    return posts


def project_text(post: Post) -> str:
    front: dict = {
        "title": post.title,
        "date": f"{post.date:%Y-%m-%d %H:%M}",
        "tags": post.topics,
    }
    if post.claim:
        front |= {"claim": post.claim, "claimant": post.claimant, "verdict": post.verdict}
    front["facts"] = [
        {
            "fact": fact.text,
            "sources": [
                {
                    k: v
                    for k, v in (
                        ("url", source.url),
                        ("title", source.title),
                        ("publisher", source.publisher),
                        ("date", source.date),
                    )
                    if v
                }
                for source in fact.sources
            ],
        }
        for fact in post.facts
    ]
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{text}---\n{post.body}"


def markdown_facts(post: Post) -> str:
    """The claim, verdict and facts as plain Markdown, for the generators without the contract."""
    lines = []
    if post.claim:
        verdict = VERDICT_LABELS[post.verdict]
        lines += [f"> “{post.claim}” — {post.claimant}", "", f"**{verdict}**", ""]
    for number, fact in enumerate(post.facts, 1):
        links = "; ".join(f"[{s.title}, {s.publisher}]({s.url})" for s in fact.sources)
        lines.append(f"{number}. {fact.text} ({links})")
    return "\n".join(lines) + "\n\n"


def pelican_text(post: Post) -> str:
    meta = [
        f"Title: {post.title}",
        f"Date: {post.date:%Y-%m-%d %H:%M}",
        f"Tags: {', '.join(post.topics)}",
        f"Slug: {post.stem}",
    ]
    return "\n".join(meta) + "\n\n" + markdown_facts(post) + post.body


def hugo_text(post: Post) -> str:
    front = {
        "title": post.title,
        "date": f"{post.date:%Y-%m-%dT%H:%M:00+00:00}",
        "tags": post.topics,
        "slug": post.stem,
    }
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{text}---\n" + markdown_facts(post) + post.body


WRITERS = {"project": project_text, "pelican": pelican_text, "hugo": hugo_text}


def write(kind: str, posts: list[Post], folder: Path) -> Path:
    """The posts as files of ``kind`` in ``folder/posts`` (the project's pages beside them)."""
    (folder / "posts").mkdir(parents=True, exist_ok=True)
    if kind == "project":
        shutil.copytree(ROOT / "content" / "pages", folder / "pages", dirs_exist_ok=True)
    for post in posts:
        (folder / "posts" / f"{post.stem}.md").write_text(WRITERS[kind](post), encoding="utf-8")
    return folder


def path_of(kind: str, post: Post, folder: Path) -> Path:
    return folder / "posts" / f"{post.stem}.md"
