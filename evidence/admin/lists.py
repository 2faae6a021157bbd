from django.contrib.admin import helpers
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
