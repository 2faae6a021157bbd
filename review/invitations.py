"""Curators invite reviewers; an invitee sets a password through a one-time link.

The link is Django's password-reset token: it is bound to the account's password hash, so
it stops working once the password is set, and after PASSWORD_RESET_TIMEOUT.
"""

from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from evidence.roles import REVIEWER_GROUP
from review.constants import Limited
from review.models import ReviewerProfile
from review.ratelimit import take


def accept_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("review:accept", args=[uid, default_token_generator.make_token(user)])


def invite(curator, *, name, email, affiliation="", conflicts="", build_url):
    """Create the reviewer's account (no usable password yet), or refresh one whose
    invitation was never accepted, and email the link.

    ``build_url`` turns a path into an absolute URL (``request.build_absolute_uri``).
    The account and profile are created together or not at all; the mail goes out after.
    Each curator may send RATE_LIMITS[Limited.INVITATION]: past that, RateLimited.
    """
    take(Limited.INVITATION, curator.pk)
    with transaction.atomic():
        # Inviting again someone who never accepted sends a fresh link to the same account.
        user = User.objects.filter(username=email).first() or User(username=email, email=email)
        # The whole name goes in first_name: splitting names into first and last is wrong
        # for too many people, and get_full_name() joins them back anyway.
        user.first_name = name
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
        ReviewerProfile.objects.update_or_create(
            user=user,
            defaults={"affiliation": affiliation, "conflicts": conflicts, "invited_by": curator},
        )
    context = {
        "name": name,
        "curator": curator.get_full_name() or curator.get_username(),
        "link": build_url(accept_path(user)),
        "username": user.get_username(),
    }
    send_mail(
        "Invitation to review the Ketamine Evidence Reference",
        render_to_string("review/invitation_email.txt", context),
        None,
        [email],
    )
    return user
