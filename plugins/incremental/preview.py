"""One saved post's page, rendered at once from the last build kept in memory.

`invoke livereload` keeps its last build (see sitetools/livesite.py). When an editor saves
a post, re-reading the whole site takes a second or more at a thousand posts; the page
they are looking at needs only that post. So it is read again, given what the last
build's plugins set on the post it replaces (its address, neighbours, share card), and
rendered with the last build's templates and context. The full incremental build runs
straight after and makes everything else that changed: listings, feeds, cards, search.

Plugins whose attributes come from the post's own text (share links, structured data)
connect to ``post_previewed`` to set them again on the re-read post.
"""

from __future__ import annotations

from dataclasses import dataclass

from blinker import signal
from pelican.contents import Article

from . import pelican_internals

# Sent with the re-read post, before its page is rendered: post_previewed.send(post, settings=...)
post_previewed = signal("incremental.post_previewed")


class NotPreviewable(Exception):  # noqa: N818 (a reason to skip, not a fault)
    """The save is not one post whose page can be made alone; the full build will do."""


@dataclass(frozen=True)
class Previewed:
    source: str  # the post file, relative to the content folder
    output: str  # the page written, relative to the output folder


def preview(generator, source: str) -> Previewed:
    """Write the page of the post at ``source`` (a path relative to the content folder).

    ``generator`` is the last build's ArticlesGenerator. Raises NotPreviewable when the
    post is new, broken, or now lives at another address: the full build handles those
    (and reports a broken post with every other problem, by file, line and field).
    """
    old = _last_build_post(generator, source)
    post = _read_again(generator, source)
    _carry_over(old, post)
    if post.save_as != old.save_as or post.status != old.status:
        raise NotPreviewable(f"{source} moved or changed status")
    post_previewed.send(post, settings=generator.settings)
    # As Pelican's article writer makes it, without telling the search index.
    pelican_internals.write_article(generator, post)
    return Previewed(source, post.save_as)


def _last_build_post(generator, source: str):
    for post in (*generator.articles, *generator.hidden_articles, *generator.drafts):
        if post.relative_source_path == source:
            return post
    raise NotPreviewable(f"{source} was not in the last build")


def _read_again(generator, source: str):
    try:
        post = generator.readers.read_file(
            base_path=generator.path,
            path=source,
            content_class=Article,
            context=generator.context,
        )
    except Exception as error:  # the full build reports it by file, line and field
        raise NotPreviewable(f"{source} does not read: {error}") from None
    if not post.is_valid():
        raise NotPreviewable(f"{source} is not a valid post")
    return post


def _carry_over(old, post) -> None:
    """What the last build's plugins set on the old post and the reader did not set on the
    new one: its pinned address, neighbours, share cards and the rest. Those that depend
    on the post's own text are set again by ``post_previewed``'s receivers."""
    for name, value in vars(old).items():
        if name not in vars(post):
            setattr(post, name, value)
    # A published post's address is the ledger's, whatever the title now makes of it; a
    # draft has none pinned, so its address follows its title (and moves: no preview).
    if "override_save_as" in vars(old):
        post.slug = old.slug
