"""Peer review under /review/."""

from django.urls import path, register_converter

from review import views, watch
from review.models import TARGET_TYPES


class TargetTypeConverter:
    regex = "|".join(TARGET_TYPES)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TargetTypeConverter, "target")

app_name = "review"

urlpatterns = [
    path("review/", views.queue, name="queue"),
    path("review/invite/", views.invite, name="invite"),
    path(
        "review/invitation/<uidb64>/<token>/",
        views.AcceptInvitationView.as_view(),
        name="accept",
    ),
    path("review/<target:target_type>/<int:pk>/", views.target_comments, name="target"),
    path("review/comments/<int:pk>/reply/", views.reply, name="reply"),
    path("review/comments/<int:pk>/edit/", views.edit, name="edit"),
    path("review/comments/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("review/comments/<int:pk>/hide/", views.hide, name="hide"),
    path("review/questions/<slug:slug>/watch/", watch.watch, name="watch"),
    path("review/questions/<slug:slug>/unwatch/", watch.unwatch, name="unwatch"),
]
