from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from evidence.constants import (
    LEVEL_BY_KIND,
    Conflict,
    EvidenceLevel,
    Formulation,
    Setting,
    SourceKind,
)
from evidence.links import link
from evidence.models.base import CuratedModel, ReferenceQuerySet

SORT_NAME_LENGTH = 200


class Source(CuratedModel):
    """A document or study: where a quote was read, or whose finding a claim reports."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    label = models.CharField(
        max_length=120,
        blank=True,
        help_text="Short public name used wherever the source is named, e.g. "
        '"S. Alexander, psychiatrist\'s guide (ACX), 2021" or "Zarate et al., 2006". '
        "Empty: first author and year.",
    )
    authors = models.CharField(max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    venue = models.CharField("venue or publisher", max_length=300, blank=True)
    volume = models.CharField(max_length=40, blank=True)
    issue = models.CharField(max_length=40, blank=True)
    pages = models.CharField(max_length=40, blank=True, help_text='e.g. "856-864" or "e123".')
    abstract = models.TextField(blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[RegexValidator(r"^10\.\d{4,9}/\S+$", "A DOI looks like 10.1234/abc.")],
    )
    pmid = models.CharField(
        "PMID",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{1,10}$", "A PMID is digits only.")],
    )
    kind = models.CharField(max_length=20, choices=SourceKind)
    evidence_level_override = models.PositiveSmallIntegerField(
        choices=EvidenceLevel,
        null=True,
        blank=True,
        help_text="Leave empty to use the level the kind implies.",
    )
    # Derived on save from the kind or the override, stored so lists can sort by it; empty
    # when the design is not stated, so no level is claimed.
    evidence_level = models.PositiveSmallIntegerField(
        choices=EvidenceLevel, null=True, editable=False
    )
    # ``name`` in lower case, stored on save so tables sort by it through an index.
    sort_name = models.CharField(max_length=SORT_NAME_LENGTH, editable=False, default="")
    conflict = models.CharField(
        "conflict of interest", max_length=12, choices=Conflict, default=Conflict.NONE_STATED
    )
    conflict_of_interest = models.TextField("conflicts of interest, in detail", blank=True)
    funding = models.TextField(blank=True)
    point_of_view = models.TextField(blank=True)
    full_text = models.TextField(
        blank=True, help_text="The document's text, used to verify that quotes occur in it."
    )

    # Kept up to date by a PostgreSQL trigger (migration 0003_search); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["full_text", "search_vector", "sort_name"])

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            # Empty identifiers are common; only real ones must be unique.
            models.UniqueConstraint(fields=["doi"], condition=~Q(doi=""), name="source_doi_unique"),
            models.UniqueConstraint(
                fields=["pmid"], condition=~Q(pmid=""), name="source_pmid_unique"
            ),
            models.CheckConstraint(
                condition=Q(evidence_level__isnull=True)
                | Q(evidence_level__gte=1, evidence_level__lte=5),
                name="source_evidence_level_range",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100),
                name="source_year_range",
            ),
        ]
        indexes = [
            # Source lists filter by kind among published records.
            models.Index(fields=["status", "kind"], name="source_status_kind_idx"),
            # Tables sorted by source name (claims, sources, reports) walk this in order.
            models.Index(fields=["sort_name", "id"], name="source_sort_name_idx"),
            # Published sources by name: a broad search's sources past the ranked ones
            # (SQLite read all 2,512 of a status it guessed and sorted them: 10 ms).
            models.Index(fields=["status", "sort_name", "id"], name="source_status_name_idx"),
            # Published sources in their default order, newest first (the API's list, which
            # sorted all 9,257 published sources for each page: 16 ms at 10,000 sources).
            models.Index(
                fields=["-year", "title"],
                condition=Q(status="published"),
                name="source_published_year_idx",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("evidence:source-detail", self.pk)

    def save(self, *args, **kwargs):
        self.evidence_level = self.evidence_level_override or LEVEL_BY_KIND[self.kind]
        self.sort_name = self.name.casefold()[:SORT_NAME_LENGTH]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_name"}
        stored = Source.objects.filter(pk=self.pk).values_list("full_text", "evidence_level")
        stored = stored.first()
        super().save(*args, **kwargs)
        if stored is None or stored[0] != self.full_text:
            self.recheck_quotes()
        if stored is not None and stored[1] != self.evidence_level:
            # The records this source's level ranks: its own (citing no one) and those citing it.
            ranked = Q(cites=self) | Q(document=self, cites__isnull=True)
            for records in (self.claims, self.effect_reports):
                records.model.objects.filter(ranked).refresh_strength()

    def recheck_quotes(self):
        """Decide anew whether each quote read in this document occurs in its stored text."""
        for records in (self.claims, self.effect_reports):
            changed = []
            for record in records.only("pk", "quote", "quote_check", "quote_checked_on"):
                before = (record.quote_check, record.quote_checked_on)
                record.refresh_quote_check(self.full_text)
                if (record.quote_check, record.quote_checked_on) != before:
                    changed.append(record)
            # A check result is not an edit: no new version, no history row.
            records.model.objects.bulk_update(changed, ["quote_check", "quote_checked_on"])

    @property
    def name(self):
        """Who the source is, in a few words: the curator's label, else "Surname et al., year"."""
        if self.label:
            return self.label
        first = self.authors.split(",")[0].split(";")[0].replace("et al.", "").strip()
        if first:
            many = any(mark in self.authors for mark in (",", ";", "et al"))
            name = f"{first} et al." if many else first
            return f"{name}, {self.year}" if self.year else name
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def has_conflict(self):
        return self.conflict != Conflict.NONE_STATED


class Route(models.Model):
    """How ketamine is given: the thing sources most disagree about."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    formulation = models.CharField(max_length=12, choices=Formulation)
    usual_setting = models.CharField(max_length=12, choices=Setting, default=Setting.NOT_STATED)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ReferenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("evidence:route-detail", self.slug)
