from django.contrib import admin
from django.urls import include, path

# The admin names the site it curates, not Django (templates/admin/ adds the review links).
admin.site.site_header = "Ketamine Evidence Reference — curation"
admin.site.site_title = "Ketamine Evidence Reference — curation"
admin.site.index_title = "Curate the evidence"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("review.urls")),
    path("", include("evidence.urls")),
]
