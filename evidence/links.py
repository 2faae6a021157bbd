"""Addresses of records, each worked out once per process. A page of claim cards asked
``reverse()`` about 300 times, for a few patterns and the same records again and again:
a quarter of the cards' rendering time at 100,000 claims."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse


@lru_cache(maxsize=16384)
def _reversed(prefix, viewname, args):
    return reverse(viewname, args=args)


def link(viewname, *args):
    """``reverse(viewname, args=args)``, remembered. The script prefix (a deployment under
    a path) is part of the key, since reverse() reads it."""
    return _reversed(get_script_prefix(), viewname, args)


@receiver(setting_changed)
def _forget(setting, **kwargs):
    # Tests that swap the URLconf must not read addresses of the old one.
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
