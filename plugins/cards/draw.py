"""Drawing one card: a pure function from what the card shows to an image and its file bytes."""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field

from PIL import Image, ImageDraw
from sitekit.colours import contrast, rgb
from zlib_ng import zlib_ng

from . import fit, typefaces
from .layout import DESIGNS, Layout, Text

OPEN_QUOTE, CLOSE_QUOTE = "“", "”"
# Footer bands already drawn in this process, by everything they show (see shared_footer).
_FOOTERS: dict[tuple, tuple[int, Image.Image, tuple]] = {}


@dataclass(frozen=True)
class Colours:
    background: str
    text: str
    muted: str
    accent: str  # the verdict's colour on a rebuttal, the site's accent on an update
    footer: str
    footer_text: str


@dataclass(frozen=True)
class CardSpec:
    """Everything a card shows and how: the input of ``render`` and of the card's hash."""

    design: str  # a key of layout.DESIGNS
    width: int
    height: int
    headline: str  # the claim (drawn in quotation marks) or an update's title
    quoted: bool
    site_name: str
    imprint: str
    colours: Colours
    fonts: dict[str, str]  # font role -> file
    badge: str | None = None  # the verdict in words, or an update's topic
    byline: str | None = None  # who made the claim
    label: str | None = None  # the heading over the kicker
    kicker: str | None = None  # the short line of the facts
    summary: str | None = None
    logo: str | None = None  # an image file drawn instead of the site's name
    address: str | None = None  # the site's host name, beside its name


@dataclass(frozen=True)
class Line:
    """One line of text as drawn, for checks: its block, its font and where it stands."""

    block: str
    text: str
    font: str
    size: int
    origin: tuple[float, int]  # the left end of its baseline

    @property
    def box(self) -> tuple[int, int, int, int]:
        """Its inked box, measured only when a check asks (drawing a card does not)."""
        box = typefaces.load(self.font, self.size).getbbox(self.text, anchor="ls")
        x, y = self.origin
        return tuple(round(v) for v in (box[0] + x, box[1] + y, box[2] + x, box[3] + y))


@dataclass
class Drawn:
    image: Image.Image
    lines: list[Line] = field(default_factory=list)


def render(spec: CardSpec) -> Drawn:
    """Draw the card ``spec`` describes."""
    layout = DESIGNS[spec.design].scaled(spec.width)
    canvas = _Canvas(spec, layout)
    canvas.draw()
    return canvas.drawn


class _Canvas:
    """The card being drawn, from the edges inwards: bar, footer, facts, badge, headline."""

    def __init__(self, spec: CardSpec, layout: Layout):
        self.spec = spec
        self.layout = layout
        self.image = Image.new("RGB", (spec.width, spec.height), spec.colours.background)
        self.pen = ImageDraw.Draw(self.image)
        self.drawn = Drawn(self.image)
        self.inner = spec.width - 2 * layout.margin

    def style(self, text: Text) -> fit.Style:
        return fit.Style(
            font=self.spec.fonts[text.role],
            max_size=text.max_size,
            min_size=text.min_size,
            leading=text.leading,
            max_lines=text.max_lines,
        )

    def draw(self) -> None:
        spec, layout = self.spec, self.layout
        colours = spec.colours
        self.pen.rectangle((0, 0, spec.width, layout.bar), fill=colours.accent)
        bottom = self.shared_footer()
        if spec.kicker:
            bottom = self.facts(bottom - round(layout.margin * 0.6)) - round(layout.gap * 1.5)
        else:
            bottom -= round(layout.margin * 0.75)
        top = layout.bar + round(layout.margin * 0.75)
        if spec.badge:
            top = self.badge(top) + round(layout.gap * 1.5)
        self.headline(top, bottom)

    # -- blocks --------------------------------------------------------------------

    def shared_footer(self) -> int:
        """The footer, drawn once for all the cards that share it (all of a design, as a
        rule) and pasted; returns its top."""
        spec = self.spec
        key = (
            spec.design,
            spec.width,
            spec.height,
            spec.site_name,
            spec.imprint,
            spec.address,
            spec.logo,
            tuple(sorted(spec.fonts.items())),
            spec.colours.footer,
            spec.colours.footer_text,
        )
        if key not in _FOOTERS:
            alone = _Canvas(spec, self.layout)
            top = alone.footer()
            band = alone.image.crop((0, top, spec.width, spec.height))
            if len(_FOOTERS) >= 16:
                _FOOTERS.clear()
            _FOOTERS[key] = top, band, tuple(alone.drawn.lines)
        top, band, lines = _FOOTERS[key]
        self.image.paste(band, (0, top))
        self.drawn.lines.extend(lines)
        return top

    def footer(self) -> int:
        """The band with the site's name (or logo), its address and the imprint; returns its top.

        The address sits on the name's line. Where the imprint stands beside them (the
        landscape card), it is set within that line's height if it can be (smaller, down
        to its minimum), else on more lines; and if the line would leave it too little
        room to be whole, the address goes under the name instead, in the name's own
        room, which the imprint was checked against at start-up.
        """
        spec, layout = self.spec, self.layout
        pad, stacked, gap = layout.footer_padding, layout.footer_stacked, layout.gap
        room = self.inner if stacked else int(self.inner * 0.34)
        address = None
        if spec.address:
            wide = room // 2 if stacked else room
            address = fit.fit(spec.address, self.style(layout.address), wide, 10_000)
        if address and stacked:
            room -= address.width + 2 * gap
        logo = (
            _logo(spec.logo, layout.logo_height, min(room, self.inner * 0.34))
            if spec.logo
            else None
        )
        if logo:
            name, (name_width, name_height) = None, logo.size
        else:
            name = fit.fit(spec.site_name, self.style(layout.site_name), room, 10_000)
            name_width, name_height = name.width, name.height
        mark_width, mark_height = name_width, name_height
        under = False
        if address:
            mark_width, mark_height = (
                name_width + gap + address.width,
                max(name_height, address.height),
            )
        if stacked:
            imprint = self._imprint(self.inner)
        elif address:
            # Set within the height of the name's line if it can be, so the band, and
            # the claim's room above it, keep the size they have without an address.
            imprint = self._imprint(self.inner - mark_width - gap * 2, mark_height)
            if imprint.truncated:
                imprint = self._imprint(self.inner - mark_width - gap * 2)
            if imprint.truncated:
                under = True
                mark_width = max(name_width, address.width)
                mark_height = name_height + round(gap * 0.35) + address.height
                imprint = self._imprint(self.inner - mark_width - gap * 2)
        else:
            imprint = self._imprint(self.inner - mark_width - gap * 2)
        if stacked:
            content = mark_height + round(gap * 0.6) + imprint.height
        else:
            content = max(mark_height, imprint.height)
        top = spec.height - content - 2 * pad
        self.pen.rectangle((0, top, spec.width, spec.height), fill=spec.colours.footer)
        x = layout.margin
        mark_top = top + pad + (content - mark_height) // 2 * (not stacked)
        name_top = mark_top + (mark_height - name_height) // 2 * (not under)
        if logo:
            self.image.paste(logo, (x, name_top), logo)
        else:
            self.text("site_name", name, layout.site_name, x, name_top, spec.colours.footer_text)
        faint = _mix(spec.colours.footer_text, spec.colours.footer, 0.8)
        if address:
            if under:
                left, address_top = x, name_top + name_height + round(gap * 0.35)
            else:
                # On the name's baseline (or level with the logo's middle): at the right
                # margin where the imprint has a line of its own, else after the name.
                left = (
                    spec.width - layout.margin - address.width if stacked else x + name_width + gap
                )
                address_top = mark_top + (mark_height - address.height) // 2
                if name:
                    address_top = name_top + name.ascent - address.ascent
            self.text("address", address, layout.address, left, address_top, faint)
        if stacked:
            left, imprint_top = x, mark_top + mark_height + round(gap * 0.6)
        else:
            left = spec.width - layout.margin - imprint.width
            imprint_top = top + pad + (content - imprint.height) // 2
        self.text("imprint", imprint, layout.imprint, left, imprint_top, faint)
        return top

    def _imprint(self, width: int, height: int = 10_000) -> fit.Fitted:
        return fit.fit(self.spec.imprint, self.style(self.layout.imprint), width, height)

    def facts(self, bottom: int) -> int:
        """The short line of the facts, under a heading, beside a rule; returns its top."""
        spec, layout = self.spec, self.layout
        indent = layout.rule + round(layout.gap * 0.8)
        width = self.inner - indent
        kicker = fit.fit(spec.kicker, self.style(layout.kicker), width, 10_000)
        label = fit.fit((spec.label or "").upper(), self.style(layout.label), width, 10_000)
        space = round(layout.gap * 0.45) if label.lines else 0
        top = bottom - kicker.height - label.height - space
        self.pen.rectangle(
            (layout.margin, top - 2, layout.margin + layout.rule - 1, bottom + 2),
            fill=spec.colours.accent,
        )
        x = layout.margin + indent
        self.text("label", label, layout.label, x, top, spec.colours.accent)
        self.text("kicker", kicker, layout.kicker, x, top + label.height + space, spec.colours.text)
        return top

    def badge(self, top: int) -> int:
        """The verdict in words on a pill of its colour; returns its bottom."""
        spec, layout = self.spec, self.layout
        pad = layout.badge_padding
        text = fit.fit(spec.badge.upper(), self.style(layout.badge), self.inner - 2 * pad, 10_000)
        height = layout.badge_height
        width = text.width + 2 * pad
        self.pen.rounded_rectangle(
            (layout.margin, top, layout.margin + width, top + height),
            radius=height // 2,
            fill=spec.colours.accent,
        )
        font = typefaces.load(self.spec.fonts[layout.badge.role], text.size)
        cap = -font.getbbox("H", anchor="ls")[1]
        baseline = top + (height + cap) // 2
        ink = _readable_on(spec.colours.accent, spec.colours.text)
        x = layout.margin + pad
        self.line("badge", text.lines[0], layout.badge.role, text.size, x, baseline, ink)
        return top + height

    def headline(self, top: int, bottom: int) -> None:
        """The claim and who made it, or the title and summary, centred in what is left."""
        spec, layout = self.spec, self.layout
        region = bottom - top
        gap = round(layout.gap * 0.9)
        second, name, block = None, "", layout.byline
        if spec.byline:
            name = "byline"
            second = fit.fit("— " + spec.byline, self.style(block), self.inner, region)
        elif spec.summary:
            # The title comes first; the summary has what the title leaves, down to one line.
            name, block = "summary", layout.summary
            reserve = round(block.min_size * block.leading) + gap
            room = region - self._headline_fit(region - reserve).height - gap
            second = fit.fit(spec.summary, self.style(block), self.inner, room)
        below = second.height + gap if second and second.lines else 0
        main = self._headline_fit(region - below)
        y = top + max(0, (region - main.height - below) // 2)
        hang = OPEN_QUOTE if spec.quoted else None
        self.text("headline", main, layout.headline, layout.margin, y, spec.colours.text, hang)
        if below:
            y += main.height + gap
            self.text(name, second, block, layout.margin, y, spec.colours.muted)

    def _headline_fit(self, height: int) -> fit.Fitted:
        text, closing = self.spec.headline, ""
        if self.spec.quoted:
            # A shortened claim still closes its quotation.
            text, closing = OPEN_QUOTE + text + CLOSE_QUOTE, CLOSE_QUOTE
        return fit.fit(text, self.style(self.layout.headline), self.inner, height, closing)

    # -- text ----------------------------------------------------------------------

    def text(self, block, fitted: fit.Fitted, text: Text, x, top, colour, hang=None) -> None:
        for index, (line, baseline) in enumerate(
            zip(fitted.lines, fitted.baselines(top), strict=True)
        ):
            left = x
            if hang and index == 0 and line.startswith(hang):
                # Hanging punctuation: the opening quote sits in the margin, so the
                # letters of every line start on one edge.
                left -= typefaces.load(self.spec.fonts[text.role], fitted.size).getlength(hang)
            self.line(block, line, text.role, fitted.size, left, baseline, colour)

    def line(self, block, line, role, size, x, baseline, colour) -> None:
        path = self.spec.fonts[role]
        font = typefaces.load(path, size)
        self.pen.text((x, baseline), line, font=font, fill=colour, anchor="ls")
        self.drawn.lines.append(Line(block, line, path, size, (x, baseline)))


def _logo(path: str, height: int, widest: float) -> Image.Image:
    """The logo at the footer's height, or narrower if it would crowd the imprint."""
    with Image.open(path) as logo:
        logo = logo.convert("RGBA")
        scale = min(height / logo.height, widest / logo.width)
        size = (max(1, round(logo.width * scale)), max(1, round(logo.height * scale)))
        return logo.resize(size, Image.Resampling.LANCZOS)


def _mix(front: str, back: str, amount: float) -> tuple[int, int, int]:
    return tuple(
        round(f * amount + b * (1 - amount)) for f, b in zip(rgb(front), rgb(back), strict=True)
    )


def _readable_on(background: str, dark: str) -> str:
    """White or the dark text colour, whichever reads better on ``background``."""
    return "#ffffff" if contrast("#ffffff", background) >= contrast(dark, background) else dark


def encode(image: Image.Image, quality: int, budget: int, photo: bool = False) -> tuple[bytes, str]:
    """The card as PNG, or as JPEG where that is smaller, within ``budget`` bytes if it can be.

    Returns the bytes and the file extension. A card of flat colour and type is a
    PNG: sharper, and smaller than a JPEG of it, so only a card that may hold a
    photograph (a logo) or a PNG over the budget is made as JPEG too, keeping full
    colour resolution so small coloured text stays crisp. Over the budget, the
    JPEG's quality is lowered step by step, and at last its colour resolution halved.
    """
    best = (_png(image), "png")
    if photo or len(best[0]) > budget:
        best = min(best, (_jpeg(image, quality), "jpg"), key=lambda pair: (len(pair[0]), pair[1]))
    steps = [(q, 0) for q in range(quality - 10, 49, -10)] + [(q, 2) for q in (70, 60, 50, 40)]
    for step_quality, subsampling in steps:
        if len(best[0]) <= budget:
            break
        best = (_jpeg(image, step_quality, subsampling), "jpg")
    return best


def _png(image: Image.Image) -> bytes:
    """A PNG of an RGB image: every row unfiltered, deflated by zlib-ng at level 2.

    Written here rather than by Pillow, whose encoder tries every row filter: on a
    card (runs of one colour, and rows like the row above) unfiltered rows compress
    smaller. Deflating was the costliest step of a card: zlib-ng does it in about a
    third of the time of the system's zlib, to files within a few per cent of its size.
    """
    if image.mode != "RGB":
        image = image.convert("RGB")
    width, height = image.size
    pixels = memoryview(image.tobytes())
    stride, block = 3 * width, 3 * width * 64
    squeeze = zlib_ng.compressobj(2)
    compressed = []
    for first in range(0, len(pixels), block):  # 64 rows at a time, each after its filter byte
        rows = range(first, min(first + block, len(pixels)), stride)
        compressed.append(
            squeeze.compress(b"".join(p for r in rows for p in (b"\0", pixels[r : r + stride])))
        )
    compressed.append(squeeze.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB, no interlace
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", b"".join(compressed)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    checksum = struct.pack(">I", zlib_ng.crc32(kind + data))
    return struct.pack(">I", len(data)) + kind + data + checksum


def _jpeg(image: Image.Image, quality: int, subsampling: int = 0) -> bytes:
    buffer = io.BytesIO()
    try:
        image.save(buffer, "JPEG", quality=quality, subsampling=subsampling, optimize=True)
    except OSError:
        # Pillow writes an optimised JPEG in one block sized by a guess, which a
        # noisy photograph can outgrow; then without the optimisation.
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, subsampling=subsampling)
    return buffer.getvalue()
