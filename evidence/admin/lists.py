from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.utils.html import format_html
from django.utils.translation import gettext as _

from evidence.paging import BoundedPaginator


class LongListMixin:
    """For the changelists of tens of thousands of rows (claims, reports, sources): rows
    counted only as far as the pages reach (BoundedPaginator; "More than 2,000 results"),
    never counted twice, and 50 to a page: Django's 100 took most of the page's time to
    render."""

    paginator = BoundedPaginator
    list_per_page = 50
    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return RowLinkChangeList

    @property
    def reach(self):
        """How many rows the pages reach (BoundedPaginator)."""
        return self.paginator.reach_for(self.list_per_page)

    def action_checkbox(self, obj):
        """Each row's checkbox, as Django's form widget writes it, without rendering the
        widget's templates: fifty of them were a quarter of the claim list's time (11 ms)."""
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )


class RowLinkChangeList(ChangeList):
    """Each row's link carries the list's filters itself. Django adds them row by row
    through add_preserved_filters, which resolves every row's URL against the whole URL
    conf to see whether it is the list's own: fifty resolves for a search's page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, so items_for_result adds nothing; url_for_result adds it instead.
        self.row_filters, self.preserved_filters = self.preserved_filters, ""

    def url_for_result(self, result):
        url = super().url_for_result(result)
        return f"{url}?{self.row_filters}" if self.row_filters else url
