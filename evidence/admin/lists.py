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
        """How many rows the pages reach (BoundedPaginator.reach)."""
        return BoundedPaginator.MAX_PAGES * self.list_per_page
