from django.utils.functional import SimpleLazyObject

from evidence import roles


def user_roles(request):
    """``roles.is_curator`` and ``roles.is_reviewer`` for templates, worked out only if a
    template asks."""

    def decide():
        return {
            "is_curator": roles.is_curator(request.user),
            "is_reviewer": roles.is_reviewer(request.user),
        }

    return {"roles": SimpleLazyObject(decide)}
