"""Limits on how often one address, email or curator may do something (RATE_LIMITS).

Counts live in the database, not in a per-process cache, so every server process sees the
same count; each is taken under a lock on its row, so parallel requests cannot overshoot.
A window opens at the first use and the count starts again once it has passed.
"""

import hashlib

from django.db import transaction
from django.utils import dateformat, timezone
from django.utils.timesince import timesince

from review.constants import RATE_LIMITS, Limited
from review.models import RateLimitCounter


class RateLimited(Exception):
    """Refused for now: the limit is reached, and nothing was done."""


def _refusal(action, limit, window, resets_at):
    per = timesince(resets_at - window, resets_at)
    after = dateformat.format(timezone.localtime(resets_at), "H:i e, j F")
    return f"Only {limit} {action.label} are allowed in {per}. Try again after {after}."


def take(action: Limited, key, now=None):
    """Count one more ``action`` by ``key``, or raise RateLimited if the limit is reached."""
    limit, window = RATE_LIMITS[action]
    now = now or timezone.now()
    digest = hashlib.sha256(f"{action}:{key}".encode()).hexdigest()
    with transaction.atomic():
        RateLimitCounter.objects.filter(resets_at__lte=now).delete()
        counter, _ = RateLimitCounter.objects.select_for_update().get_or_create(
            action=action, key=digest, defaults={"resets_at": now + window}
        )
        if counter.count >= limit:
            raise RateLimited(_refusal(action, limit, window, counter.resets_at))
        counter.count += 1
        counter.save(update_fields=["count"])
