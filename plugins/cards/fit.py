"""Text that always fits a box: wrap by measured width, shrink, and only then shorten.

Pure functions of the text, the font file and the box. The order of resort is the
one a designer would follow by hand: wrap at word boundaries by the width each
word really takes; if the lines do not fit, make the type smaller, down to the
minimum; only at the minimum cut the text at a word and end it with an ellipsis.
A text that fits is rewrapped to even line lengths, so no line ends with a single
word hanging below a long one.

The work is linear in the text: each word is measured once per font (and scaled
to each size), a line's width is a running sum, sizes and the cuts in a word too
long for a line are found by halving, and no more lines are made than the box can
show.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import typefaces

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
    font: str
    truncated: bool = False

    @property
    def width(self) -> int:
        """The widest line, measured whole (only when asked: most blocks are set flush left)."""
        font = typefaces.load(self.font, self.size)
        return round(max((font.getlength(line) for line in self.lines), default=0))

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
        self.size = size
        self.font = typefaces.load(path, size)
        self.scale = size / REFERENCE_SIZE
        self.known = _widths.setdefault(path, {})
        self.space = self(" ")

    def __call__(self, text: str) -> float:
        width = self.known.get(text)
        if width is None:
            width = self.known[text] = self.reference(text)
        return width * self.scale

    def once(self, text: str) -> float:
        """The width of a piece of a word, measured but not kept: pieces are rarely met again."""
        return self.reference(text) * self.scale

    def reference(self, text: str) -> float:
        return typefaces.load(self.path, REFERENCE_SIZE).getlength(text)

    def line(self, words: list[str]) -> float:
        return sum(self(word) for word in words) + self.space * (len(words) - 1)

    def rows(self, style: Style, height: int) -> int:
        """How many lines of this size the box's height (and the style) allows."""
        ascent, descent = self.font.getmetrics()
        spare = height - ascent - descent
        rows = 0 if spare < 0 else 1 + spare // round(self.size * style.leading)
        return rows if style.max_lines is None else min(rows, style.max_lines)


@lru_cache(maxsize=4096)  # the imprint, the site's name and labels repeat on every card
def fit(text: str, style: Style, width: int, height: int, closing: str = "") -> Fitted:
    """Set ``text`` in a box ``width`` × ``height`` pixels, as large as it fits.

    ``closing`` ends the text however it is shortened: a quotation's closing mark.
    """
    words = text.split()
    room = width * KERNING_ALLOWANCE

    def attempt(size: int) -> tuple[list[str] | None, _Measure]:
        measure = _Measure(style.font, size)
        rows = measure.rows(style, height)
        pieces = split_long_words(words, measure, room, rows + 1)
        lines = wrap(pieces, measure, room, rows + 1)
        if len(lines) > rows:
            return None, measure
        if style.balance and len(lines) > 1:
            lines = no_lone_word(balance(pieces, measure, room, len(lines)), measure, room)
        return lines, measure

    # Smaller type holds more, so the largest size that fits is found by halving
    # the list of sizes, each about 5% below the one before.
    sizes = [style.max_size]
    while sizes[-1] > style.min_size:
        sizes.append(max(style.min_size, sizes[-1] - max(1, sizes[-1] // 20)))
    low, high, best = 0, len(sizes) - 1, None
    while low <= high:
        middle = (low + high) // 2
        lines, measure = attempt(sizes[middle])
        if lines is not None:
            best, high = (lines, measure), middle - 1
        else:
            low = middle + 1
    if best:
        return _fitted(best[0], style, best[1])
    return _shorten(words, style, _Measure(style.font, style.min_size), room, height, closing)


def _fitted(lines, style: Style, measure: _Measure, truncated=False) -> Fitted:
    ascent, descent = measure.font.getmetrics()
    return Fitted(
        lines=tuple(lines),
        size=measure.size,
        line_height=round(measure.size * style.leading),
        ascent=ascent,
        descent=descent,
        font=style.font,
        truncated=truncated,
    )


def split_long_words(words: list[str], measure, width: float, lines: int | None = None):
    """Words wider than the box (a web address, a long compound) cut into pieces that fit.

    Once more pieces are cut than ``lines`` can hold (a piece is cut where the next
    letter would not fit, so no two share a line), the rest is not looked at.
    """
    result = []
    pieces = 0
    for word in words:
        if measure(word) <= width:
            result.append(word)
            continue
        while word:
            if lines is not None and pieces > lines:
                return result
            fits = longest_start(word, measure, width)
            result.append(word[:fits])
            word = word[fits:]
            pieces += 1
    return result


def longest_start(word: str, measure, width: float) -> int:
    """How many of the first letters of ``word`` fit in ``width`` (at least one).

    A first guess adds up the letters' own widths (kept, like words'); measuring the
    start of the word then corrects it for kerning, stepping out from the guess by
    doubling steps and back by halving them: two or three measurements as a rule, and
    about 2 log n for a word of n letters whatever the guess.
    """
    guess, used = 0, 0.0
    for letter in word:
        used += measure(letter)
        if used > width:
            break
        guess += 1

    def fits(length: int) -> bool:
        return measure.once(word[:length]) <= width

    if guess and fits(guess):
        low, step = guess, 1  # low fits; find one that does not
        while low + step <= len(word) and fits(low + step):
            low, step = low + step, step * 2
        high = min(low + step, len(word) + 1)
    else:
        high, step = max(guess, 1), 1  # high does not fit; find one that does
        while high - step >= 1 and not fits(high - step):
            high, step = high - step, step * 2
        low = max(high - step, 0)
    while high - low > 1:
        middle = (low + high) // 2
        if fits(middle):
            low = middle
        else:
            high = middle
    return max(1, low)


def wrap(words: list[str], measure, width: float, limit: int | None = None) -> list[str]:
    """Greedy wrapping by measured width: each line takes as many words as fit.

    Stops once it has made ``limit`` lines and has more to place: a box that holds
    fewer needs to know no more.
    """
    return _join(words, _counts([measure(word) for word in words], measure.space, width, limit))


def _counts(widths: list[float], space: float, width: float, limit: int | None) -> list[int]:
    """How many words each line of a greedy wrapping takes, from the words' widths."""
    counts: list[int] = []
    used = 0.0
    for length in widths:
        if counts and used + space + length <= width:
            counts[-1] += 1
            used += space + length
        else:
            if limit is not None and len(counts) == limit:
                break
            counts.append(1)
            used = length
    return counts


def _join(words: list[str], counts: list[int]) -> list[str]:
    lines, start = [], 0
    for count in counts:
        lines.append(" ".join(words[start : start + count]))
        start += count
    return lines


def balance(words: list[str], measure, width: float, count: int) -> list[str]:
    """The narrowest wrapping with the same number of lines: even lines, no lone last word."""
    widths = [measure(word) for word in words]
    low, high = int(width / count), int(width)
    best = _counts(widths, measure.space, width, None)
    while low < high:
        middle = (low + high) // 2
        counts = _counts(widths, measure.space, middle, count + 1)
        if len(counts) <= count:
            best, high = counts, middle
        else:
            low = middle + 1
    return _join(words, best)


def no_lone_word(lines: list[str], measure, width: float) -> list[str]:
    """A last line of one word takes the word before it, when that line can spare one."""
    if len(lines) < 2 or " " in lines[-1]:
        return lines
    before = lines[-2].split(" ")
    if len(before) < 3 or measure.line([before[-1], lines[-1]]) > width:
        return lines
    return [*lines[:-2], " ".join(before[:-1]), f"{before[-1]} {lines[-1]}"]


def _shorten(words, style: Style, measure: _Measure, width: float, height: int, closing=""):
    """At the smallest size: keep the lines that fit, and end the last with an ellipsis."""
    room = max(1, measure.rows(style, height))  # one line, even in a box too low for it
    lines = wrap(split_long_words(words, measure, width, room + 1), measure, width, room + 1)
    if len(lines) <= room:
        return _fitted(lines, style, measure)
    kept = lines[:room]
    # Whole words go until the ellipsis fits; a piece of a cut word goes a letter at a time.
    end = ELLIPSIS + closing
    words = kept[-1].split(" ")
    while len(words) > 1 and measure.once(" ".join(words) + end) > width:
        words.pop()
    last = " ".join(words)
    while last and measure.once(last + end) > width:
        last = last[:-1]
    kept[-1] = last.rstrip(" ,;:—–-") + end
    return _fitted(kept, style, measure, truncated=True)
