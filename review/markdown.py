"""Reviewers write Markdown; readers get HTML that cannot run anything.

markdown-it-py renders CommonMark with raw HTML switched off, then nh3 (the Ammonia
sanitiser) keeps only the tags and attributes below, and only http, https and mailto links.
Either step alone would stop a script; both together mean a bug in one is not enough.
"""

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("strikethrough")

TAGS = {
    "p", "br", "em", "strong", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render(text):
    """Safe HTML for ``text``. Headings 1–2 are dropped to keep the page's outline intact."""
    html = _parser.render(text or "")
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 — sanitised by nh3 just above
