from django.urls import path

from evidence import api

app_name = "evidence"

urlpatterns = [
    path("api/v1/sources/", api.source_list, name="api-sources"),
    path("api/v1/claims/", api.claim_list, name="api-claims"),
    path("api/v1/questions/", api.question_list, name="api-questions"),
    path("api/v1/routes/", api.route_list, name="api-routes"),
    path("api/v1/adverse-effects/", api.adverse_effect_list, name="api-adverse-effects"),
]
