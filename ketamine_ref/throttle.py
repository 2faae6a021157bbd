"""Who may try to sign in, and when: the site-wide rule, applied through django-axes.

django-axes records every failed sign-in (account, address, browser, time) and every
successful one. Its own lockout compares one count with one limit and one cool-off, so it
cannot both stop guessing from rotating addresses and stop strangers locking the owner out.
``SignInHandler`` keeps axes' records and decides from them instead:

- **An account**: after ``ACCOUNT.free`` failures from anywhere, each further attempt waits
  twice as long as the last, from a minute up to 15 minutes. Rotating addresses buys nothing.
  From an address the account has lately signed in from, only the failures from that address
  count, so a flood from elsewhere never locks the owner out.
- **An address**: after ``ADDRESS.free`` failures on any accounts, it waits likewise, up to an
  hour: one address cannot spray guesses over many accounts.

Attempts refused while waiting are not counted (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``
is off), so hammering does not lengthen anyone's wait. A password reset clears the account's
failures: guesses at the old password no longer matter.
"""

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessLog
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render

FIRST_WAIT = timedelta(minutes=1)
# An address the account signed in from within this long is its owner's: see the docstring.
KNOWN_ADDRESS_FOR = timedelta(days=90)


@dataclass(frozen=True)
class Backoff:
    free: int  # failures allowed before any wait
    window: timedelta  # failures whose last attempt is older than this are forgotten
    longest: timedelta  # the wait never grows beyond this

    def retry_at(self, now: datetime, **match) -> datetime | None:
        """When the next attempt matching ``match`` is allowed, or None if it is now."""
        found = AccessAttempt.objects.filter(attempt_time__gt=now - self.window, **match).aggregate(
            failures=Sum("failures_since_start"), last=Max("attempt_time")
        )
        beyond = (found["failures"] or 0) - self.free
        if beyond < 0:
            return None
        # 2**16 minutes is far beyond any cap: the exponent stops there rather than overflow.
        at = found["last"] + min(self.longest, FIRST_WAIT * 2 ** min(beyond, 16))
        return at if at > now else None


ACCOUNT = Backoff(free=5, window=timedelta(days=1), longest=timedelta(minutes=15))
ADDRESS = Backoff(free=20, window=timedelta(hours=1), longest=timedelta(hours=1))


def client_address(request) -> str | None:
    """The client's address. With ``TRUSTED_PROXY_COUNT`` proxies in front, each appending the
    address it received from to X-Forwarded-For, the client is the entry that many from the
    end; anything further left was written by the client and is ignored. With no proxies
    configured the header is ignored altogether. A short or malformed header is not trusted."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if count and len(forwarded) >= count:
        try:
            return str(ipaddress.ip_address(forwarded[-count].strip()))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


def sign_in_wait(request, credentials=None) -> tuple[datetime, str] | None:
    """Until when this client must wait before trying to sign in as this account, and whether
    the account or the address is why; None if it may try now."""
    now, address = request.axes_attempt_time, request.axes_ip_address
    username = get_client_username(request, credentials)
    waits = [(ADDRESS.retry_at(now, ip_address=address), "address")]
    if username:
        account = {"username": username}
        if AccessLog.objects.filter(
            username=username, ip_address=address, attempt_time__gt=now - KNOWN_ADDRESS_FOR
        ).exists():
            account["ip_address"] = address
        waits.append((ACCOUNT.retry_at(now, **account), "account"))
    return max(((at, why) for at, why in waits if at), default=None)


def forget_failures(username: str):
    """After a password reset: the failures were guesses at a password that is gone."""
    reset(username=username)


class SignInHandler(AxesDatabaseHandler):
    """axes' database handler, deciding who waits by ``sign_in_wait`` (AXES_HANDLER)."""

    def is_locked(self, request, credentials=None):
        return sign_in_wait(request, credentials) is not None

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        # The failure that starts a wait says so at once, not at the next attempt.
        if (
            request is not None
            and not request.axes_locked_out
            and self.is_locked(request, credentials)
        ):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def throttled_page(request, original_response=None, credentials=None):
    """The answer to a sign-in that must wait (AXES_LOCKOUT_CALLABLE): until when, and why."""
    retry_at, why = sign_in_wait(request, credentials) or (request.axes_attempt_time, "account")
    seconds = max(1, round((retry_at - request.axes_attempt_time).total_seconds()))
    context = {
        # Rounded up to the minute shown, so trying at that minute works.
        "retry_at": (retry_at + timedelta(seconds=59)).replace(second=0, microsecond=0),
        "minutes": math.ceil(seconds / 60),
        "address_blocked": why == "address",
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
