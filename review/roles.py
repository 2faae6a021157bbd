"""Who may review and who may curate.

Curators are staff (as in ``PublishableQuerySet.visible_to``); reviewers are members of the
Reviewer group. Anonymous visitors are sent to sign in; signed-in people without the role
get a 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

REVIEWER_GROUP = "Reviewer"


def is_curator(user):
    return user.is_authenticated and user.is_active and user.is_staff


def is_reviewer(user):
    """Curators review too. The group lookup is remembered on the user for the request."""
    if is_curator(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    if not hasattr(user, "_is_reviewer"):
        user._is_reviewer = user.groups.filter(name=REVIEWER_GROUP).exists()
    return user._is_reviewer


def _role_required(test):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


reviewer_required = _role_required(is_reviewer)
curator_required = _role_required(is_curator)
