"""Django's password reset views with their rate limits (review.views); ketamine_ref.urls
includes these before django.contrib.auth.urls, so they take its names and paths."""

from django.urls import path

from review import views

urlpatterns = [
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
