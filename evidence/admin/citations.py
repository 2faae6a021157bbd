"""The Source admin's "Import citations" page: upload a reference manager's export."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from evidence.citations.formats import UnknownFormat
from evidence.citations.importer import import_citations

# Reference manager exports of a few thousand entries stay far below this.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class CitationFileForm(forms.Form):
    file = forms.FileField(
        label="Citation file",
        help_text="BibTeX (.bib), RIS (.ris) or PubMed (.nbib, .txt) as exported by Zotero, "
        "EndNote, Mendeley or PubMed. The format is read from the content.",
    )
    dry_run = forms.BooleanField(label="Only show what would happen", required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB: split it.")
        return upload


class CitationImportMixin:
    """Adds /admin/evidence/source/import-citations/ to the Source admin."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_citations_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_import_citations"
        return [path("import-citations/", view, name=name), *super().get_urls()]

    def import_citations_view(self, request):
        # New drafts are added, existing sources completed: both rights are needed.
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = CitationFileForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = import_citations(
                    upload.read(), user=request.user, dry_run=form.cleaned_data["dry_run"]
                )
            except UnknownFormat as error:
                form.add_error("file", str(error))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import citations",
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/evidence/source/import_citations.html", context)
