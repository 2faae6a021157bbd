"""Creating curator and reviewer accounts from the command line."""

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]


def with_password(monkeypatch, password):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": password)


def test_a_curator_is_staff_in_the_curator_group(monkeypatch):
    with_password(monkeypatch, "a-long-unusual-passphrase")
    call_command("create_account", "alice", role="curator", email="a@example.org")
    alice = User.objects.get(username="alice")
    assert alice.is_staff and list(alice.groups.values_list("name", flat=True)) == ["Curator"]
    assert alice.has_perm("evidence.change_claim")


def test_a_reviewer_may_view_but_not_change(monkeypatch):
    with_password(monkeypatch, "a-long-unusual-passphrase")
    call_command("create_account", "bob", role="reviewer")
    bob = User.objects.get(username="bob")
    assert not bob.is_staff
    assert bob.has_perm("evidence.view_claim") and not bob.has_perm("evidence.change_claim")


def test_a_weak_password_creates_nothing(monkeypatch):
    with_password(monkeypatch, "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_account", "carol", role="curator")
    assert not User.objects.filter(username="carol").exists()
