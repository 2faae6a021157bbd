from django import template

from evidence.pages import compare

register = template.Library()


@register.simple_tag
def comparable_with(source):
    """The documents a source page offers to compare with (see compare.comparable_with):
    a tag, so the shared source page gains them by one include."""
    return compare.comparable_with(source)
