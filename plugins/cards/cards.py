"""Pelican glue for share cards: which cards each post needs, drawing them, writing them."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from datetime import UTC, datetime
from functools import partial
from urllib.parse import urlsplit

from incremental import memo
from incremental.output_files import produced
from pelican import signals
from pelican.contents import Article
from pelican.generators import Generator
from PIL import Image
from posts.limits import MAX_LENGTH

from . import card_cache, content, typefaces
from . import settings as cards_settings
from .draw import CardSpec, Colours
from .layout import BODY, HEADING, STRONG

logger = logging.getLogger(__name__)

MIME = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
# Which font draws each piece of text, so characters are checked against that font.
# The layout is made by this folder's code: a change to it is a change to every key.
CODE = memo.code_version(__file__)

ROLES = {
    "headline": HEADING,
    "badge": STRONG,
    "byline": STRONG,
    "label": STRONG,
    "kicker": STRONG,
    "summary": BODY,
}


def prepare_settings(pelican) -> None:
    cards_settings.prepare(pelican.settings)


def cut(text: str | None, field: str) -> str | None:
    """``text`` no longer than the contract allows ``field`` to be: a post that breaks the
    contract is refused by the build, but its card's work stays bounded before that."""
    return text[: MAX_LENGTH[field]] if text else text


def shown_for(post, settings: dict) -> content.Shown:
    """The words on a post's cards, from its attributes (kept in the memo by those words:
    making them typographic is the costly part)."""
    card = getattr(post, "card", None)
    kicker = cut(card.kicker, "card.kicker") if card else None
    if getattr(post, "is_rebuttal", False) and post.claim and post.verdict:
        facts = getattr(post, "facts", ()) or ()
        words = {
            "claim": cut(post.claim.text, "claim"),
            "claimant": cut(post.claim.claimant, "claimant"),
            "verdict_label": post.verdict.label,
            "verdict_colour": post.verdict.colour,
            "kicker": kicker,
            "first_fact": cut(facts[0].text, "facts[].fact") if facts else None,
            "facts_label": settings["CARDS_FACTS_LABEL"],
        }
        make = content.rebuttal
    else:
        tags = getattr(post, "tags", None) or []
        headline = cut(card.headline, "card.headline") if card else None
        words = {
            "title": headline or cut(post.title, "title"),
            "summary": cut(getattr(post, "summary", None), "summary"),
            "topic": cut(tags[0].name, "tags[]") if tags else None,
            "accent": settings["CARDS_ACCENT_COLOUR"],
            "kicker": kicker,
        }
        make = content.update
    return memo.cached(
        "cards-words", CODE, (make.__name__, sorted(words.items())), partial(make, **words)
    )


def card_spec(shown: content.Shown, design: str, settings: dict) -> tuple[CardSpec, str]:
    """The card's spec with only what its fonts can draw, and the characters left out."""
    faces = settings["CARDS_FONTS"]
    dropped = []

    def drawable(text: str | None, role: str) -> str | None:
        if text is None:
            return None
        kept, lost = typefaces.drawable(text, faces[role])
        dropped.append(lost)
        return kept or None

    width, height = settings["CARDS_SIZES"][design]
    texts = {name: drawable(getattr(shown, name), role) for name, role in ROLES.items()}
    spec = CardSpec(
        design=design,
        width=width,
        height=height,
        headline=texts["headline"] or "",
        quoted=shown.quoted and bool(texts["headline"]),
        site_name=drawable(settings["CARDS_SITE_NAME"], STRONG) or "",
        imprint=drawable(settings.get("IMPRINT") or "", BODY) or "",
        colours=Colours(
            background=settings["CARDS_BACKGROUND"],
            text=settings["CARDS_TEXT_COLOUR"],
            muted=settings["CARDS_MUTED_COLOUR"],
            accent=shown.accent,
            footer=settings["CARDS_FOOTER_COLOUR"],
            footer_text=settings["CARDS_FOOTER_TEXT_COLOUR"],
        ),
        fonts=dict(sorted(faces.items())),
        badge=texts["badge"],
        byline=texts["byline"],
        label=texts["label"],
        kicker=texts["kicker"],
        summary=texts["summary"],
        logo=settings["CARDS_LOGO"],
        address=drawable(site_host(settings), BODY) if settings["CARDS_SHOW_ADDRESS"] else None,
    )
    return spec, "".join(dict.fromkeys("".join(dropped)))


def site_host(settings: dict) -> str | None:
    """The host name in ``SITEURL`` (none in development, where it is empty)."""
    return urlsplit(settings.get("SITEURL") or "").hostname


def planned_card(shown: content.Shown, design: str, settings: dict) -> tuple[CardSpec, str, str]:
    """A card's spec, the characters it leaves out, and its name in the cache."""
    spec, dropped = card_spec(shown, design, settings)
    quality, budget = settings["CARDS_JPEG_QUALITY"], settings["CARDS_MAX_BYTES"]
    return spec, dropped, f"{card_cache.card_hash(spec, quality, budget)}-{design}"


def designs(post) -> list[str]:
    """The cards drawn for a post: the landscape one only without a graphic of its own."""
    return ["square"] if getattr(post, "image", None) else ["landscape", "square"]


def plan(shown: content.Shown, design: str, styled: tuple, settings: dict):
    """``planned_card``, kept in the memo by the words and everything that styles them."""
    return memo.cached(
        "cards", CODE, (shown, design, styled), partial(planned_card, shown, design, settings)
    )


# Drawings begun while a build reads its posts, by cache folder, with the styling they
# were planned with; the cards generator takes its build's over.
_DRAWINGS: dict[str, tuple[tuple, card_cache.Drawing]] = {}


def draw_early(content) -> None:
    """Start a post's cards as soon as it is read: reading keeps one core busy, and
    drawing takes the others, rather than waiting for every post to be read.

    The generator plans every card again (from the memo) and draws what is missing,
    so a card begun here that the post does not end up with (a topic's spelling
    settled later) is only work wasted, never a wrong card.
    """
    settings = getattr(content, "settings", None) or {}
    if not isinstance(content, Article) or "CARDS_CACHE_PATH" not in settings:
        return
    if content.status not in ("published", "hidden") or _scheduled(content):
        return
    folder = settings["CARDS_CACHE_PATH"]
    if folder not in _DRAWINGS:
        quality, budget = settings["CARDS_JPEG_QUALITY"], settings["CARDS_MAX_BYTES"]
        _DRAWINGS[folder] = styling(settings), card_cache.Drawing(folder, quality, budget)
    styled, drawing = _DRAWINGS[folder]
    shown = shown_for(content, settings)
    for design in designs(content):
        spec, _, stem = plan(shown, design, styled, settings)
        drawing.start(stem, spec, early=True)


def _scheduled(article) -> bool:
    """Whether Pelican will make the article a draft for its future date, as it does
    right after this signal (Article.__init__, WITH_FUTURE_DATES)."""
    date = getattr(article, "date", None)
    if article.settings.get("WITH_FUTURE_DATES", True) or date is None:
        return False
    return date > (datetime.now(UTC) if date.tzinfo else datetime.now())


def styling(settings: dict) -> tuple:
    """Everything besides a post's words that decides its cards: the CARDS_ settings, the
    imprint, the site's address, and the font and logo files by their content (a file
    replaced in place)."""
    files = [*settings["CARDS_FONTS"].values(), settings["CARDS_LOGO"]]
    return (
        tuple(sorted((k, repr(v)) for k, v in settings.items() if k.startswith("CARDS_"))),
        settings.get("IMPRINT"),
        settings.get("SITEURL"),
        tuple(
            typefaces.file_hash(path) if path and os.path.isfile(path) else None for path in files
        ),
        tuple(sorted(card_cache.libraries().items())),
    )


class CardsGenerator(Generator):
    """Draws each published post's cards (only those not in the cache) and copies them out.

    The cards are drawn by the end of ``generate_context``, not in ``generate_output``:
    a card's address carries its format (PNG, or JPEG for a logo or an image over the
    budget) and the pages state its byte length, and both are known only once it is
    drawn. Nothing is written to the output before ``generate_output``.
    """

    def generate_context(self):
        settings = self.settings
        self.copies: dict[str, str] = {}  # output path (relative) -> source file
        folder = settings["CARDS_CACHE_PATH"]
        quality, budget = settings["CARDS_JPEG_QUALITY"], settings["CARDS_MAX_BYTES"]
        posts = sorted(
            [*self.context.get("articles", []), *self.context.get("hidden_articles", [])],
            key=lambda post: post.source_path,
        )
        planned = []
        styled = styling(settings)
        # The drawing begun while the posts were read (see draw_early), if any.
        begun = _DRAWINGS.pop(folder, None)
        drawing = begun[1] if begun else card_cache.Drawing(folder, quality, budget)
        try:
            for post in posts:
                shown = shown_for(post, settings)
                for design in designs(post):
                    spec, dropped, stem = plan(shown, design, styled, settings)
                    if dropped and design == "landscape":
                        logger.warning(
                            "%s: the share cards leave out characters no card font has: %s",
                            post.relative_source_path,
                            dropped,
                        )
                    planned.append((post, design, (stem, spec), shown))
                if getattr(post, "image", None):
                    planned.append((post, "landscape", None, shown))

            wanted = {job[0]: job[1] for _, _, job, _ in planned if job}
            missing = [stem for stem in wanted if stem not in drawing.started]
            files = card_cache.intact(folder, missing)
            for stem in sorted(wanted):
                if stem not in files:
                    drawing.start(stem, wanted[stem])
            drawn = drawing.finish()
        finally:
            drawing.close()
        files |= {stem: drawn[stem] for stem in wanted if stem in drawn}
        self.drawn = len(drawn.keys() & wanted.keys())
        self.cached = len(wanted) - self.drawn

        for post, design, job, shown in planned:
            if job is None:
                image = self.hand_made(post, shown)
            else:
                image = self.generated(files[job[0]], job[1], shown)
                if image["length"] > budget:
                    logger.warning(
                        "%s: the %s card weighs %d bytes, over CARDS_MAX_BYTES (%d)",
                        post.relative_source_path,
                        design,
                        image["length"],
                        budget,
                    )
            name = "share_image" if design == "landscape" else "share_image_square"
            setattr(post, name, image)
        logger.info("Share cards: %d drawn, %d from the cache", self.drawn, self.cached)

    def generated(self, path: str, spec: CardSpec, shown: content.Shown) -> dict:
        name = card_cache.output_name(path)
        extension = name.rsplit(".", 1)[1]
        return self._share(path, name, spec.width, spec.height, MIME[extension], shown.alt)

    def hand_made(self, post, shown: content.Shown) -> dict:
        """The post's own graphic in place of the landscape card, under a name of its content."""
        path = os.path.join(self.settings["PATH"], post.image)
        with open(path, "rb") as file:
            digest = hashlib.sha256(file.read()).hexdigest()[: card_cache.HASH_LENGTH]
        with Image.open(path) as image:
            width, height = image.size
            extension = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}[image.format]
        name = f"{digest}-landscape.{extension}"
        return self._share(path, name, width, height, MIME[extension], shown.alt)

    def _share(self, source: str, name: str, width, height, mime, alt) -> dict:
        url = f"{self.settings['CARDS_OUTPUT_DIR']}/{name}"
        self.copies[url] = source
        return {
            "url": url,
            "width": width,
            "height": height,
            "type": mime,
            "length": os.path.getsize(source),
            "alt": alt,
        }

    def generate_output(self, writer):
        written = 0
        folder = os.path.join(self.output_path, self.settings["CARDS_OUTPUT_DIR"])
        if os.path.isdir(folder):
            # Older cards stay, so previews of links already shared keep their image:
            # the incremental plugin must not sweep them away as left-overs.
            for name in os.listdir(folder):
                produced(os.path.join(folder, name))
        for relative, source in sorted(self.copies.items()):
            target = os.path.join(self.output_path, relative)
            produced(target)
            if _same_file(source, target):
                continue  # left alone, so an unchanged card keeps its date
            os.makedirs(os.path.dirname(target), exist_ok=True)
            # A new file renamed into place, never a write into the one there: publish
            # seeds its staging folder with hard links to the live site's files.
            shutil.copyfile(source, target + ".part")
            os.replace(target + ".part", target)
            written += 1
        logger.info("Share cards: %d written to the output", written)


def _same_file(one: str, two: str) -> bool:
    """Whether the card at ``two`` is the one at ``one``: a card's name carries the hash of
    everything it shows, so a card of the same name and size is the same card."""
    try:
        return os.path.getsize(one) == os.path.getsize(two)
    except OSError:
        return False


def get_generators(pelican):
    return CardsGenerator


def register():
    # CARDS_* defaults and checks (fonts, colours, the imprint fitting) before anything is read.
    signals.initialized.connect(prepare_settings)
    # A post's cards start drawing as soon as it is read, on the cores reading leaves idle.
    signals.content_object_init.connect(draw_early)
    # Cards are output files of their own: a generator decides them and writes them.
    signals.get_generators.connect(get_generators)
