from django.urls import path, register_converter

from evidence import (
    api,
    brief_views,
    browse,
    citation_views,
    compare_views,
    feeds,
    follow_views,
    patient_views,
    views,
)


class CitationFormat:
    """A citation download's file extension: one of ``citation_views.FORMATS``."""

    regex = "|".join(citation_views.FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CitationFormat, "citation")

app_name = "evidence"

urlpatterns = [
    path("", views.home, name="home"),
    path("disputes/", views.dispute_list, name="dispute-list"),
    path("evidence-strength/", views.strength_legend, name="strength"),
    path("patient/", patient_views.patient_lens, name="patient"),
    path("questions/<slug:slug>/", views.question_detail, name="question-detail"),
    path("questions/<slug:slug>/brief/", brief_views.question_brief, name="question-brief"),
    path("claims/", browse.ClaimTableView.as_view(), name="claim-list"),
    path("sources/", browse.SourceTableView.as_view(), name="source-list"),
    path("routes/", views.route_list, name="route-list"),
    path("adverse-effects/", browse.ReportTableView.as_view(), name="adverse-effect-list"),
    path("search/", browse.search_page, name="search"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/history/", views.claim_history, name="claim-history"),
    path("questions/<slug:slug>/history/", views.question_history, name="question-history"),
    path("questions/<slug:slug>/changes/", follow_views.changes_since, name="question-changes"),
    path("sources/<int:pk>/", views.source_detail, name="source-detail"),
    path("compare/<slug:a>/<slug:b>/", compare_views.compare_sources, name="compare"),
    path(
        "sources/<int:pk>/cite.<citation:fmt>", citation_views.source_citation, name="source-cite"
    ),
    path(
        "sources/cite.<citation:fmt>", citation_views.source_list_citations, name="source-list-cite"
    ),
    path("routes/<slug:slug>/", views.route_detail, name="route-detail"),
    path("adverse-effects/<slug:slug>/", views.adverse_effect_detail, name="adverse-effect-detail"),
    path("feeds/disputes/", feeds.DisputesFeed(), name="feed-disputes"),
    path("feeds/questions/<slug:slug>/", feeds.QuestionFeed(), name="feed-question"),
    path("feeds/sources/<int:pk>/", feeds.SourceFeed(), name="feed-source"),
    path("api/v1/sources/", api.source_list, name="api-sources"),
    path("api/v1/claims/", api.claim_list, name="api-claims"),
    path("api/v1/questions/", api.question_list, name="api-questions"),
    path("api/v1/routes/", api.route_list, name="api-routes"),
    path("api/v1/adverse-effects/", api.adverse_effect_list, name="api-adverse-effects"),
    path("api/v1/disputes/", api.dispute_list, name="api-disputes"),
    path("api/v1/search/", api.search_results, name="api-search"),
    path("api/v1/patient/", api.patient_lens, name="api-patient"),
]
