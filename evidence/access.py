"""The one place that decides who may see a record.

A record a user may not see is a 404, so its existence is not disclosed. (Records a
user may see but not change will answer 403 from here once pages can edit.)
"""

from django.http import Http404
from django.shortcuts import get_object_or_404


def visible_or_404(queryset, user, **lookup):
    return get_object_or_404(queryset.visible_to(user), **lookup)


def visible_by_slug_or_404(model, user, slug):
    """The record at ``slug``; a renamed one is raised as ``Renamed`` (so old links
    redirect to the new slug, read from the record's history); 404 otherwise."""
    try:
        return visible_or_404(model.objects, user, slug=slug)
    except Http404:
        old = model.history.filter(slug=slug).order_by("-history_date").values("id").first()
        visible = model.objects.visible_to(user).exclude(slug=slug)
        record = old and visible.filter(pk=old["id"]).first()
        if record is None:
            raise
        raise Renamed(record) from None


class Renamed(Exception):
    def __init__(self, record):
        super().__init__(record.get_absolute_url())
        self.record = record
