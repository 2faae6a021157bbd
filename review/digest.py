"""The daily digest: each reviewer gets one email listing what changed, where the public
can see it (``evidence.follow``), on the questions they watch since their last digest.

No change, no email. A watch's ``reported_until`` moves on only once its email is sent, to
the moment the run began: a change saved while the run works waits for the next one, and a
second run sends nothing new.
"""

from dataclasses import dataclass
from itertools import groupby

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from evidence import follow
from evidence.roles import is_reviewer
from review.models import Watch


@dataclass
class WatchedQuestion:
    question: object
    entries: list
    changes_url: str  # the question's "what changed" page from the watch's last report


def due(now):
    """[(user, their watches, [WatchedQuestion])] for every active reviewer with changes to
    report."""
    watches = (
        Watch.objects.filter(user__is_active=True)
        .select_related("user", "question")
        .prefetch_related("user__groups")  # who is still a reviewer, in one query
        .order_by("user_id", "question__text")
    )
    found = []
    for user, own in groupby(watches, key=lambda watch: watch.user):
        # Someone no longer a reviewer keeps their watches but gets no email.
        if not user.email or not is_reviewer(user):
            continue
        own = list(own)
        watched = _changes(own, now)
        if watched:
            found.append((user, own, watched))
    return found


def send_all(site_url, now=None):
    """Send the digests due; returns how many emails went out. ``site_url`` starts every
    link (the emails are read away from the site)."""
    now = now or timezone.now()
    sent = 0
    for user, watches, watched in due(now):
        context = {
            "name": user.get_full_name() or user.get_username(),
            "watched": watched,
            "site_url": site_url.rstrip("/"),
            "limit": follow.LIMIT,
        }
        send_mail(
            "What changed on the questions you watch · Ketamine Evidence Reference",
            render_to_string("review/digest_email.txt", context),
            None,
            [user.email],
        )
        Watch.objects.filter(pk__in=[watch.pk for watch in watches]).update(reported_until=now)
        sent += 1
    return sent


def _changes(watches, now):
    """One query set for all of a user's watches, from the earliest report on; then each
    question keeps what came after its own watch's last report."""
    since = {watch.question_id: watch.reported_until for watch in watches}
    entries = follow.for_questions(list(since), since=min(since.values()), until=now)
    watched = []
    for watch in watches:
        own = [
            entry
            for entry in entries
            if entry.question is not None
            and entry.question.pk == watch.question_id
            and entry.when >= since[watch.question_id]
        ]
        if own:
            day = timezone.localdate(since[watch.question_id]).isoformat()
            url = reverse("evidence:question-changes", args=[watch.question.slug])
            watched.append(WatchedQuestion(watch.question, own, f"{url}?since={day}"))
    return watched
