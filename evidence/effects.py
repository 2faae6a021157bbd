"""What an adverse-effect page shows: reports side by side by dose context, so evidence
from recreational doses is never silently set against clinical use."""

from dataclasses import dataclass

from evidence.constants import DoseContext


@dataclass
class DoseColumn:
    context: str
    label: str
    reports: list


def by_dose_context(reports):
    """One column per dose context present, clinical first."""
    columns = [
        DoseColumn(value, label, [r for r in reports if r.dose_context == value])
        for value, label in DoseContext.choices
    ]
    return [column for column in columns if column.reports]


def mixes_recreational_and_clinical(columns):
    present = {column.context for column in columns}
    return DoseContext.RECREATIONAL in present and DoseContext.CLINICAL in present
