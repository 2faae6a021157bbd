"""The project's URLs, plus the baseline page the benchmark compares every page with.
Mounted only by bench.settings: the project's own URLconf is untouched."""

from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/baseline/", views.baseline, name="bench-baseline"),
    path("", include("ketamine_ref.urls")),
]
