"""Old addresses keep working: a redirect page for every alias and previous address."""

from __future__ import annotations

import os
import re
from urllib.parse import quote

from incremental.output_files import write_if_changed
from pelican import signals
from pelican.generators import Generator
from posts.sitepaths import file_of  # where a static host looks: the post contract's rule


def redirect_pairs(contents) -> list[tuple[str, object]]:
    """(old address, content) for every old address of the given contents, sorted."""
    pairs = [
        (old, content) for content in contents for old in getattr(content, "redirect_from", ())
    ]
    return sorted(pairs, key=lambda pair: pair[0])


def netlify_redirects(pairs: list[tuple[str, str]]) -> str:
    """A ``_redirects`` file: Netlify and Cloudflare Pages answer these with a 301."""
    lines = [
        f"/{_one_word(old.lstrip('/'))} /{_one_word(new.lstrip('/'))} 301" for old, new in pairs
    ]
    return "".join(line + "\n" for line in lines)


# The file is one rule a line, fields apart by spaces: a space or line break in an
# address would write a rule of its own, and '*' and ':' are a splat and a placeholder
# (a rule for "/*" redirects the whole site). The post contract refuses all of them in
# aliases and in the ledger; escaping them here too costs nothing.
_SEPARATORS = re.compile(r"[\s\x00-\x1f\x7f-\x9f*:]")


def _one_word(path: str) -> str:
    return _SEPARATORS.sub(lambda match: quote(match.group()), path)


class RedirectsGenerator(Generator):
    """Writes one small page per old address, pointing at the current one."""

    def generate_output(self, writer):
        # Addresses are pinned after every generator has read its content,
        # so the list is taken here rather than in generate_context.
        contents = [
            *self.context.get("articles", []),
            *self.context.get("hidden_articles", []),
            *self.context.get("pages", []),
            *self.context.get("hidden_pages", []),
        ]
        pairs = redirect_pairs(contents)
        template = self.get_template("redirect")
        for old, content in pairs:
            writer.write_file(
                file_of(old),
                template,
                self.context,
                relative_urls=False,
                content=content,
                old_address=old,
            )
        path = os.path.join(self.output_path, "_redirects")
        text = netlify_redirects([(old, content.url) for old, content in pairs])
        write_if_changed(path, text.encode("utf-8"))


def get_generators(pelican):
    return RedirectsGenerator


def register():
    # A generator, so redirect pages are written with the rest of the site.
    signals.get_generators.connect(get_generators)
