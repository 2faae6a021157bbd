from django.core.exceptions import ValidationError
from django.db import models

from evidence.synonyms import tokens


class SynonymGroup(models.Model):
    """Words curators add to the curated synonym list (evidence/synonyms.py): a query holding
    any of them finds records holding any other."""

    words = models.CharField(
        max_length=500,
        unique=True,
        help_text='Words or phrases meaning the same here, separated by commas: "ECT, '
        'electroconvulsive therapy, shock therapy".',
    )
    note = models.CharField(max_length=300, blank=True, help_text="Why they belong together.")

    class Meta:
        ordering = ["words"]

    def __str__(self):
        return self.words

    @property
    def phrases(self):
        return [phrase.strip() for phrase in self.words.split(",") if tokens(phrase)]

    def clean(self):
        super().clean()
        if len(self.phrases) < 2:
            raise ValidationError(
                {"words": "Give at least two words or phrases, separated by commas."}
            )
