"""Whether the reader watches a question, for the watch button that review adds to
question pages as a record panel (review.apps)."""

from django import template

from evidence.models import Question
from evidence.roles import is_reviewer
from review.models import Watch

register = template.Library()


@register.simple_tag(takes_context=True)
def watch_state(context, target):
    """For reviewers and curators on a question page: {"watching": bool}. None for anyone
    else or on other records, without a query."""
    user = context["request"].user
    if not isinstance(target, Question) or not is_reviewer(user):
        return None
    return {"watching": Watch.objects.filter(user=user, question=target).exists()}
