"""Text that always fits a box: wrap by measured width, shrink, and only then shorten.

Pure functions of the text, the font file and the box. The order of resort is the
one a designer would follow by hand: wrap at word boundaries by the width each
word really takes; if the lines do not fit, make the type smaller, a step at a
time, down to the minimum; only at the minimum cut the text at a word and end it
with an ellipsis. A text that fits is rewrapped to even line lengths, so no line
ends with a single word hanging below a long one.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import fonts

ELLIPSIS = "…"
# Word widths are summed rather than each line measured whole, which ignores the
# kerning between a word and the space after it; this much of the width is kept
# back for it.
KERNING_ALLOWANCE = 0.985


@dataclass(frozen=True)
class Fitted:
    """A text laid out in a box: its lines at one size, and where the baselines fall."""

    lines: tuple[str, ...]
    size: int
    line_height: int
    ascent: int
    descent: int
    width: int
    truncated: bool = False

    @property
    def height(self) -> int:
        """From the top of the tallest letter of the first line to the lowest descender."""
        if not self.lines:
            return 0
        return self.ascent + (len(self.lines) - 1) * self.line_height + self.descent

    def baselines(self, top: int) -> list[int]:
        return [top + self.ascent + i * self.line_height for i in range(len(self.lines))]


@dataclass(frozen=True)
class Style:
    """How one block of text may be set: its font, its size range, its spacing."""

    font: str
    max_size: int
    min_size: int
    leading: float = 1.2
    max_lines: int | None = None
    balance: bool = True


# Text widths scale with the type size to within a twentieth of a pixel (the layout
# is unhinted), so each word is measured once, at this size, and scaled.
REFERENCE_SIZE = 100
_widths: dict[str, dict[str, float]] = {}


class _Measure:
    """Widths of text at one size, from each word's width at the reference size."""

    def __init__(self, path: str, size: int):
        self.path = path
        self.font = fonts.load(path, size)
        self.scale = size / REFERENCE_SIZE
        self.known = _widths.setdefault(path, {})
        self.space = self(" ")

    def __call__(self, text: str) -> float:
        width = self.known.get(text)
        if width is None:
            width = self.known[text] = fonts.load(self.path, REFERENCE_SIZE).getlength(text)
        return width * self.scale

    def line(self, words: list[str]) -> float:
        return sum(self(word) for word in words) + self.space * (len(words) - 1)


def fit(text: str, style: Style, width: int, height: int, closing: str = "") -> Fitted:
    """Set ``text`` in a box ``width`` × ``height`` pixels, as large as it fits.

    ``closing`` ends the text however it is shortened: a quotation's closing mark.
    """
    words = text.split()
    room = width * KERNING_ALLOWANCE

    def attempt(size: int) -> tuple[Fitted | None, list[str], _Measure]:
        measure = _Measure(style.font, size)
        pieces = split_long_words(words, measure, room)
        lines = wrap(pieces, measure, room)
        fitted = _fitted(lines, style, size, measure)
        too_many = style.max_lines is not None and len(lines) > style.max_lines
        if too_many or fitted.height > height:
            return None, lines, measure
        if style.balance and len(lines) > 1:
            lines = no_lone_word(balance(pieces, measure, room, len(lines)), measure, room)
            fitted = _fitted(lines, style, size, measure)
        return fitted, lines, measure

    # Smaller type holds more, so the largest size that fits is found by halving
    # the list of sizes, each about 5% below the one before.
    sizes = [style.max_size]
    while sizes[-1] > style.min_size:
        sizes.append(max(style.min_size, sizes[-1] - max(1, sizes[-1] // 20)))
    low, high, best = 0, len(sizes) - 1, None
    while low <= high:
        middle = (low + high) // 2
        fitted, _, _ = attempt(sizes[middle])
        if fitted:
            best, high = fitted, middle - 1
        else:
            low = middle + 1
    if best:
        return best
    _, lines, measure = attempt(style.min_size)
    return _shorten(lines, style, style.min_size, measure, room, height, closing)


def _fitted(lines, style: Style, size: int, measure: _Measure, truncated=False) -> Fitted:
    ascent, descent = measure.font.getmetrics()
    widths = [measure.font.getlength(line) for line in lines]
    return Fitted(
        lines=tuple(lines),
        size=size,
        line_height=round(size * style.leading),
        ascent=ascent,
        descent=descent,
        width=round(max(widths, default=0)),
        truncated=truncated,
    )


def split_long_words(words: list[str], measure, width: float) -> list[str]:
    """Words wider than the box (a web address, a long compound) cut into pieces that fit."""
    result = []
    for word in words:
        while measure(word) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and measure(word[:cut]) > width:
                cut -= 1
            result.append(word[:cut])
            word = word[cut:]
        result.append(word)
    return result


def wrap(words: list[str], measure, width: float) -> list[str]:
    """Greedy wrapping by measured width: each line takes as many words as fit."""
    lines: list[list[str]] = []
    for word in words:
        if lines and measure.line([*lines[-1], word]) <= width:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [" ".join(line) for line in lines]


def balance(words: list[str], measure, width: float, count: int) -> list[str]:
    """The narrowest wrapping with the same number of lines: even lines, no lone last word."""
    low, high = int(width / count), int(width)
    best = wrap(words, measure, width)
    while low < high:
        middle = (low + high) // 2
        lines = wrap(words, measure, middle)
        if len(lines) <= count:
            best, high = lines, middle
        else:
            low = middle + 1
    return best


def no_lone_word(lines: list[str], measure, width: float) -> list[str]:
    """A last line of one word takes the word before it, when that line can spare one."""
    if len(lines) < 2 or " " in lines[-1]:
        return lines
    before = lines[-2].split(" ")
    if len(before) < 3 or measure.line([before[-1], lines[-1]]) > width:
        return lines
    return [*lines[:-2], " ".join(before[:-1]), f"{before[-1]} {lines[-1]}"]


def _shorten(lines, style: Style, size: int, measure, width: float, height: int, closing=""):
    """At the smallest size: keep the lines that fit, and end the last with an ellipsis."""
    line_height = round(size * style.leading)
    ascent, descent = measure.font.getmetrics()
    room = max(1, 1 + (height - ascent - descent) // line_height)
    if style.max_lines is not None:
        room = min(room, style.max_lines)
    kept = list(lines[:room])
    if len(kept) == len(lines):
        return _fitted(kept, style, size, measure)
    # Whole words go until the ellipsis fits; a piece of a cut word goes a letter at a time.
    end = ELLIPSIS + closing
    words = kept[-1].split(" ")
    while len(words) > 1 and measure(" ".join(words) + end) > width:
        words.pop()
    last = " ".join(words)
    while last and measure(last + end) > width:
        last = last[:-1]
    kept[-1] = last.rstrip(" ,;:—–-") + end
    return _fitted(kept, style, size, measure, truncated=True)
