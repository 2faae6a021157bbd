from django import template
from django.utils.safestring import mark_safe

from evidence import extensions, links

register = template.Library()


@register.simple_tag(takes_context=True)
def record_panels(context, record):
    """The panels other apps registered for a claim or question page (evidence.extensions)."""
    engine = context.template.engine
    with context.push(target=record):
        return mark_safe(
            "".join(engine.get_template(n).render(context) for n in extensions.record_panels)
        )


@register.simple_tag
def link(viewname, *args):
    """``{% url %}`` for the links every card repeats (the strength legend), remembered
    (evidence.links)."""
    return links.link(viewname, *args)
