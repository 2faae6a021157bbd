"""What an adverse-effect page shows: reports side by side by dose context, so evidence
from recreational use or from high-dose or prolonged infusions is never silently set
against standard antidepressant doses; and, for each report, only what its source states."""

import math
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.template.defaultfilters import floatformat

from evidence.constants import DoseContext, Severity
from evidence.models.strength import STRENGTH_ORDER
from evidence.pages.picking import Pick, first_of_each
from evidence.pages.questions import PER_SIDE

# Doses unlike an antidepressant course, with why their harms are not evidence about it.
UNLIKE_STANDARD = {
    DoseContext.RECREATIONAL: (
        "recreational use",
        "Recreational doses are often far higher and more frequent than antidepressant ones.",
    ),
    DoseContext.HIGH_DOSE: (
        "high-dose or prolonged infusions",
        "High-dose or prolonged infusions (such as 40–50-hour infusions for chronic pain, "
        "over 1,000 mg in all) give far more ketamine than an antidepressant course.",
    ),
    DoseContext.MIXED: (
        "a mix of clinical and recreational use",
        "Where clinical and recreational use are mixed, the effect cannot be put down to either.",
    ),
}


@dataclass
class Entry:
    """One report as the page shows it: the report, and the facts its source states."""

    report: object
    facts: list  # (label, value), empty fields left out

    @property
    def observed(self):
        return self.report.observed


@dataclass
class DoseColumn:
    context: str
    label: str
    entries: list = field(default_factory=list)  # this page's reports
    total: int = 0
    not_observed_count: int = 0


@dataclass
class Columns:
    columns: list
    page: int
    pages: int
    total: int


@dataclass
class DoseWarning:
    """Reports at doses unlike standard antidepressant ones: where they come from, why that
    matters, and whether reports at standard doses sit beside them."""

    origins: list  # e.g. ["recreational use", "high-dose or prolonged infusions"]
    reasons: list  # one sentence for each origin
    with_standard: bool

    @property
    def origins_text(self):
        *rest, last = self.origins
        return f"{', '.join(rest)} and {last}" if rest else last


def _frequency(report):
    if report.frequency_percent is None:
        return report.frequency
    percent = f"{floatformat(report.frequency_percent, -2)}%"
    return f"{report.frequency} ({percent})" if report.frequency else percent


def facts(report):
    """The report's stated facts, in reading order; what the source does not state is
    left out rather than shown as "Not stated"."""
    stated = [
        ("Frequency", _frequency(report)),
        (
            "Severity",
            report.get_severity_display() if report.severity != Severity.NOT_STATED else "",
        ),
        ("Dose", report.dose),
        ("Route", report.route.name if report.route else ""),
        ("Certainty", report.get_certainty_display() if report.certainty else ""),
    ]
    return [(label, value) for label, value in stated if value]


# A column heading must say what is not stated.
HEADINGS = {**dict(DoseContext.choices), DoseContext.NOT_STATED: "Dose not stated"}


# Reports of each dose context on one page of an adverse effect: as many as a question
# page shows of each answer. Ten made five full columns fifty reports to scan (65 KB), and
# the page took 1.6 times as long as one with a few reports.
PER_COLUMN = PER_SIDE


def by_dose_context(reports, page):
    """One column per dose context present, standard antidepressant doses first; ``page``
    (from 1) holds the next PER_COLUMN reports of each, strongest evidence first (the
    design's level, then the certainty, as claims). One query for the counts and one for
    the columns' reports, so an effect with thousands of reports costs what a rare one
    does."""
    counts = {
        row["dose_context"]: row
        for row in reports.order_by()
        .values("dose_context")
        .annotate(n=Count("pk"), unseen=Count("pk", filter=Q(observed=False)))
    }
    pages = max(1, math.ceil(max((c["n"] for c in counts.values()), default=0) / PER_COLUMN))
    page = min(max(page, 1), pages)
    present = [value for value in DoseContext.values if value in counts]
    # Each column's page read through the stored strength (report_effect_strength_idx):
    # sorting an effect's reports by their sources' levels took 10 ms for 2,257 reports
    # on SQLite, and grew with them.
    first = (page - 1) * PER_COLUMN
    pick = Pick(reports, "dose_context", present, first, PER_COLUMN, STRENGTH_ORDER)
    shown = {value: [] for value in present}
    for report in reports.filter(first_of_each([pick])).order_by(*STRENGTH_ORDER):
        shown[report.dose_context].append(Entry(report, facts(report)))
    columns = [
        DoseColumn(
            value, HEADINGS[value], shown[value], counts[value]["n"], counts[value]["unseen"]
        )
        for value in present
    ]
    return Columns(columns, page, pages, sum(c["n"] for c in counts.values()))


def dose_warning(columns):
    """A DoseWarning when any report comes from doses unlike standard antidepressant ones,
    else None."""
    present = {column.context for column in columns}
    unlike = [UNLIKE_STANDARD[c] for c in UNLIKE_STANDARD if c in present]
    if not unlike:
        return None
    origins, reasons = zip(*unlike, strict=True)
    return DoseWarning(list(origins), list(reasons), DoseContext.CLINICAL in present)
