from django.db import models


class Generation(models.Model):
    """How many times the evidence has changed: one row, moved by database triggers on every
    table a public page reads (evidence.generation), so no write is missed, whatever makes
    it. Pages kept for the public are filed under it (ketamine_ref.page_cache)."""

    value = models.BigIntegerField(default=0)
    # Drawn anew whenever the row is made again (a flushed database), so that a count that
    # starts over never names pages kept before.
    epoch = models.CharField(max_length=32)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.epoch}:{self.value}"
