"""The one place that decides who may see a record.

A record a user may not see is a 404, so its existence is not disclosed. (Records a
user may see but not change will answer 403 from here once pages can edit.)
"""

from django.shortcuts import get_object_or_404


def visible_or_404(queryset, user, **lookup):
    return get_object_or_404(queryset.visible_to(user), **lookup)
