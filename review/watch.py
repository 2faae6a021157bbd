"""Reviewers watch questions: the daily digest (``send_digests``) mails them what changed.

Watching and unwatching are POSTs from the button on the question page (CSRF-checked by
Django's middleware); both lead back to the question. A GET changes nothing and leads to
the question too: it is how the sign-in page returns someone who pressed the button while
signed out."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from evidence.access import visible_or_404
from evidence.models import Question
from evidence.roles import reviewer_required
from review.models import Watch

GET_OR_POST = require_http_methods(["GET", "POST"])


def _question(request, slug):
    return visible_or_404(Question.objects, request.user, slug=slug)


@GET_OR_POST
@reviewer_required
def watch(request, slug):
    question = _question(request, slug)
    if request.method == "POST":
        Watch.objects.get_or_create(user=request.user, question=question)
        messages.success(
            request, "You are watching this question: changes reach you in a daily email."
        )
    return redirect(question)


@GET_OR_POST
@reviewer_required
def unwatch(request, slug):
    question = _question(request, slug)
    if request.method == "POST":
        Watch.objects.filter(user=request.user, question=question).delete()
        messages.success(request, "You no longer watch this question.")
    return redirect(question)
