"""Who is who: the one place that names the roles and decides what each may do.

- Curators (the Curator group, or a superuser) edit and publish evidence and see drafts.
- Reviewers (the Reviewer group) comment, and see records in review as well as published
  ones; curators review too.
- Everyone else reads published records.

The groups are made by migration evidence 0002 (with their permissions); querysets, views,
the admin, the create_account command and the tests all ask this module.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

CURATOR_GROUP = "Curator"
REVIEWER_GROUP = "Reviewer"
# role name (as create_account takes it) -> (group, whether the admin is open to it)
ROLES = {"curator": (CURATOR_GROUP, True), "reviewer": (REVIEWER_GROUP, False)}


def _in_group(user, name):
    """Group membership, looked up once per user object (once per request); none when the
    user's groups were prefetched (the digest asks for every watcher at once)."""
    groups = getattr(user, "_role_groups", None)
    if groups is None:
        groups = {group.name for group in user.groups.all()}
        user._role_groups = groups
    return name in groups


def _active(user):
    return user.is_authenticated and user.is_active


def is_curator(user):
    return _active(user) and (user.is_superuser or _in_group(user, CURATOR_GROUP))


def is_reviewer(user):
    """Reviewers, and curators, who review too."""
    return is_curator(user) or (_active(user) and _in_group(user, REVIEWER_GROUP))


def sees_drafts(user):
    return is_curator(user)


def sees_records_in_review(user):
    return is_reviewer(user)


def sees_published_only(user):
    """Whether ``user`` sees nothing but published records (the public, clinicians): what
    is kept for the public (counts, pages) is theirs to read."""
    return not sees_records_in_review(user)


def _role_required(test):
    """Anonymous visitors are sent to sign in; signed-in people without the role get 403."""

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
