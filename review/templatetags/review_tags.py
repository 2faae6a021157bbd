"""The review panel that claim and question pages include, and small display filters.

The panel fetches what it shows itself, in a fixed number of queries, so the evidence
views need not know about review.
"""

from django import template
from django.db.models import Count, Max, Prefetch
from django.urls import reverse

from evidence.history import history_url, last_published_by_second_curator
from evidence.roles import is_curator, is_reviewer
from review import markdown
from review.forms import CommentForm, ReplyForm
from review.models import OPEN_THREAD, Comment, target_field

register = template.Library()


@register.inclusion_tag("review/_panel.html", takes_context=True)
def review_panel(context, target, form=None):
    """Everyone: the open-comment count, when last reviewed, the history link.
    Reviewers and curators: the threads and a form to comment."""
    user = context["request"].user
    summary = Comment.objects.on(target).aggregate(
        open=Count("pk", filter=OPEN_THREAD), last_resolved=Max("resolved_at")
    )
    # Real reviews only: a resolved comment, a second curator's publication, an audit.
    audited = getattr(target, "audited_on", None)
    candidates = [summary["last_resolved"], last_published_by_second_curator(target), audited]
    reviewed = [_as_date(when) for when in candidates if when]
    panel = {
        "request": context["request"],
        "open_count": summary["open"],
        "last_reviewed": max(reviewed, default=None),
        "history_url": history_url(target),
        "can_review": is_reviewer(user),
        "can_moderate": is_curator(user),
    }
    if panel["can_review"]:
        visible = Comment.objects.visible_to(user).select_related("author")
        threads = list(
            visible.on(target)
            .threads()
            .select_related("resolved_by", "hidden_by")
            .prefetch_related(Prefetch("replies", queryset=visible))
        )
        for comment in threads:
            comment.can_edit = comment.editable_by(user)
            for answer in comment.replies.all():
                answer.can_edit = answer.editable_by(user)
        panel.update(
            threads=threads,
            form=form or CommentForm(),
            reply_form=ReplyForm(),
            action=reverse("review:target", args=[target_field(target), target.pk]),
        )
    return panel


def _as_date(value):
    return value.date() if hasattr(value, "date") else value


@register.filter
def as_markdown(text):
    return markdown.render(text)


@register.filter
def admin_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
