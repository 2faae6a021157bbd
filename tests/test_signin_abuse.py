"""Sign-in throttling (ketamine_ref/throttle.py) and the rate limits on password resets and
invitations (review/ratelimit.py), tried as an attacker would."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db.models import F, Sum
from django.test import Client, RequestFactory
from django.urls import reverse

from ketamine_ref.throttle import client_address

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]

RIGHT = "pw-for-tests"
PROXY = "10.0.0.2"


def sign_in(username, password="wrong", address="203.0.113.1", client=None, **headers):
    return (client or Client()).post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def via_proxy(username, client_seen_by_proxy, password="wrong", client=None):
    return sign_in(
        username, password, PROXY, client, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {client_seen_by_proxy}"
    )


def wait_passes(seconds):
    """As if ``seconds`` had gone by since every recorded failure."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))


def recorded_failures():
    return AccessAttempt.objects.aggregate(n=Sum("failures_since_start"))["n"] or 0


def test_rotating_addresses_does_not_buy_more_guesses_on_one_account(reviewer):
    statuses = [sign_in("reviewer", address=f"203.0.113.{n}").status_code for n in range(1, 6)]
    assert statuses == [200, 200, 200, 200, 429]
    fresh_address = sign_in("reviewer", RIGHT, address="198.51.100.99")
    assert fresh_address.status_code == 429
    page = fresh_address.content.decode()
    assert "Too many sign-ins to this account have failed" in page and "in 1 minute." in page
    assert f'href="{reverse("password_reset")}"' in page


def test_each_further_guess_waits_twice_as_long_up_to_fifteen_minutes(reviewer):
    for n in range(4):
        assert sign_in("reviewer", address=f"203.0.113.{n}").status_code == 200
    waits = []
    for n in range(6):
        response = sign_in("reviewer", address=f"198.51.100.{n}")
        assert response.status_code == 429
        waits.append(int(response["Retry-After"]))
        wait_passes(waits[-1] + 1)
    assert waits == [60, 120, 240, 480, 900, 900]


def test_attempts_refused_while_waiting_neither_count_nor_lengthen_the_wait(reviewer):
    for n in range(5):
        sign_in("reviewer", address=f"203.0.113.{n}")
    refused = [sign_in("reviewer", address="203.0.113.50") for _ in range(10)]
    assert {response.status_code for response in refused} == {429}
    assert all(int(response["Retry-After"]) <= 60 for response in refused)
    assert recorded_failures() == 5
    wait_passes(61)
    assert sign_in("reviewer", RIGHT, address="203.0.113.50").status_code == 302


def test_one_address_cannot_spray_guesses_over_many_accounts(reviewer):
    statuses = [
        sign_in(f"someone{n % 10}@example.org", address="203.0.113.7").status_code
        for n in range(20)
    ]
    assert statuses == [200] * 19 + [429]
    blocked = sign_in("reviewer", RIGHT, address="203.0.113.7")
    assert blocked.status_code == 429
    assert "from your network address" in blocked.content.decode()
    assert sign_in("reviewer", RIGHT, address="198.51.100.8").status_code == 302


def test_a_flood_from_behind_the_proxy_does_not_lock_the_curator_out(settings, curator):
    settings.TRUSTED_PROXY_COUNT = 1
    curators_browser = Client()
    assert via_proxy("curator", "198.51.100.7", RIGHT, curators_browser).status_code == 302
    curators_browser.post(reverse("logout"))
    flood = [via_proxy("curator", f"203.0.113.{n}").status_code for n in range(1, 41)]
    assert flood.count(200) == 4 and flood.count(429) == 36
    # A stranger holding the right password must wait; the curator, from their own address, not.
    assert via_proxy("curator", "192.0.2.1", RIGHT).status_code == 429
    assert via_proxy("curator", "198.51.100.7", RIGHT, curators_browser).status_code == 302


def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(reviewer):
    for n in range(20):
        sign_in(f"someone{n}@example.org", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert sign_in("reviewer", RIGHT, HTTP_X_FORWARDED_FOR="192.0.2.44").status_code == 429


@pytest.mark.parametrize(
    "proxies, forwarded_for, client",
    [
        (0, "198.51.100.1", "10.0.0.2"),
        (1, "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        (2, "1.2.3.4, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.2"),
        (1, "1.2.3.4, not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
    ],
)
def test_the_client_address_is_read_past_the_trusted_proxies_only(
    settings, proxies, forwarded_for, client
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_address(request) == client


def reset(email, address="203.0.113.1"):
    return Client().post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_password_reset_is_rate_limited_without_revealing_accounts(reviewer):
    answers = {}
    for email in [reviewer.email, "nobody@example.org"]:
        responses = [reset(email, address=f"203.0.113.{n}") for n in range(8)]
        answers[email] = [(r.status_code, r["Location"]) for r in responses]
    assert answers[reviewer.email] == answers["nobody@example.org"]
    assert {status for status, _ in answers[reviewer.email]} == {302}
    assert len(mail.outbox) == 5 and {m.to[0] for m in mail.outbox} == {reviewer.email}


def test_too_many_reset_requests_from_one_address_are_refused_saying_when(reviewer):
    for n in range(10):
        assert reset(f"someone{n}@example.org").status_code == 302
    refused = reset(reviewer.email)
    assert refused.status_code == 429
    assert "Try again after" in refused.content.decode()
    assert mail.outbox == []
    assert reset(reviewer.email, address="198.51.100.3").status_code == 302


def test_a_password_reset_lifts_the_wait_on_the_account(reviewer):
    for n in range(5):
        sign_in("reviewer", address=f"203.0.113.{n}")
    assert sign_in("reviewer", RIGHT, address="198.51.100.5").status_code == 429
    reset(reviewer.email, address="198.51.100.5")
    browser = Client()
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    form = browser.get(link, follow=True)
    new = "a-long-unusual-passphrase"
    done = browser.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert sign_in("reviewer", new, address="198.51.100.5").status_code == 302


def test_a_curator_may_send_only_twenty_invitations_a_day(client_as):
    curator = client_as("curator")
    for n in range(20):
        invited = curator.post(reverse("review:invite"), {"name": "Dr A", "email": f"a{n}@x.org"})
        assert invited.status_code == 302
    refused = curator.post(reverse("review:invite"), {"name": "Dr B", "email": "b@x.org"})
    assert refused.status_code == 429
    html = refused.content.decode().replace("\xa0", " ")
    assert "Only 20 invitations from one curator are allowed in 1 day." in html
    assert "b@x.org" in html and len(mail.outbox) == 20
