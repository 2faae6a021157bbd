from django.contrib import admin
from django.urls import include, path

from ketamine_ref.health import healthz

# The admin names the site it curates, not Django (templates/admin/ adds the review links).
admin.site.site_header = "Ketamine Evidence Reference — curation"
admin.site.site_title = "Ketamine Evidence Reference — curation"
admin.site.index_title = "Curate the evidence"

handler404 = "ketamine_ref.errors.page_not_found"
handler500 = "ketamine_ref.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("review.account_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("review.urls")),
    path("", include("evidence.urls")),
]
