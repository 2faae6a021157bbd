"""Reviewer accounts: invited by curators, password by one-time link, sign-in throttled."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from evidence.roles import is_reviewer
from review.models import ReviewerProfile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]

INVITEE = {
    "name": "Dr Ada Ngozi Okafor",
    "email": "Ada@Example.org",
    "affiliation": "St Elsewhere",
    "conflicts": "Consulted for an esketamine maker in 2023.",
}


def invite(client):
    return client.post(reverse("review:invite"), INVITEE)


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_a_curator_invites_a_reviewer_who_gets_a_one_time_link(client_as, curator):
    response = invite(client_as("curator"))
    assert response.status_code == 302
    ada = User.objects.get(email="ada@example.org")
    assert ada.get_full_name() == "Dr Ada Ngozi Okafor" and not ada.has_usable_password()
    assert is_reviewer(ada)
    profile = ada.reviewer_profile
    assert (profile.affiliation, profile.invited_by) == ("St Elsewhere", curator)
    assert profile.conflicts == INVITEE["conflicts"]
    [message] = mail.outbox
    assert message.to == ["ada@example.org"] and "/review/invitation/" in link_in(message)


def test_inviting_someone_who_never_accepted_sends_a_fresh_link_and_voids_the_old(
    client_as, client, curator
):
    curator_client = client_as("curator")
    invite(curator_client)
    response = invite(curator_client)
    assert response.status_code == 302
    assert (
        ReviewerProfile.objects.count() == 1
        and User.objects.filter(email="ada@example.org").count() == 1
    )
    first, second = mail.outbox
    assert link_in(first) != link_in(second)
    anonymous = Client()
    assert "not valid" in anonymous.get(link_in(first), follow=True).content.decode()
    assert "Choose a password" in anonymous.get(link_in(second), follow=True).content.decode()


def test_inviting_an_address_whose_account_is_in_use_is_refused(client_as, curator, reviewer):
    response = client_as("curator").post(
        reverse("review:invite"), {**INVITEE, "email": reviewer.email}
    )
    assert response.status_code == 400
    assert "already has an account" in response.content.decode()
    assert mail.outbox == []


def test_the_invitee_sets_a_password_once_then_signs_in(client_as, client):
    invite(client_as("curator"))
    client.post(reverse("logout"))
    link = link_in(mail.outbox[0])
    form_page = client.get(link, follow=True)
    assert "Choose a password" in form_page.content.decode()
    password = "a-long-unusual-passphrase"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert done.status_code == 302 and done["Location"] == reverse("login")
    signed_in = client.post(reverse("login"), {"username": "ada@example.org", "password": password})
    assert signed_in.status_code == 302
    assert client.get(reverse("password_change")).status_code == 200
    client.post(reverse("logout"))
    again = client.get(link, follow=True)
    assert "not valid" in again.content.decode()


def test_there_is_no_sign_up_page(client):
    assert client.get("/accounts/signup/").status_code == 404
    assert client.get("/accounts/register/").status_code == 404


def test_a_reset_link_is_mailed_for_an_account_with_a_password(client, reviewer):
    response = client.post(reverse("password_reset"), {"email": reviewer.email})
    assert response.status_code == 302
    [message] = mail.outbox
    assert "/accounts/reset/" in message.body


def test_after_five_failures_the_sixth_attempt_is_locked_out_even_if_right(client, reviewer):
    statuses = [
        client.post(reverse("login"), {"username": "reviewer", "password": "nope"}).status_code
        for _ in range(5)
    ]
    # The failure that starts a wait (ketamine_ref/throttle.py) answers with the page at once.
    assert statuses == [200, 200, 200, 200, 429]
    locked = client.post(reverse("login"), {"username": "reviewer", "password": "pw-for-tests"})
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_on_another_account_do_not_lock_this_one(client, reviewer, curator):
    for _ in range(5):
        client.post(reverse("login"), {"username": "curator", "password": "nope"})
    right = client.post(reverse("login"), {"username": "reviewer", "password": "pw-for-tests"})
    assert right.status_code == 302


def test_force_login_still_works_with_axes_first(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("password_change")).status_code == 200


def test_signing_out_is_a_post_with_csrf(client, reviewer):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reviewer)
    assert strict.post(reverse("logout")).status_code == 403
    assert client.get(reverse("logout")).status_code == 405
