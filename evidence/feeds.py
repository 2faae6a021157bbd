"""Atom feeds of what changed that the public may see (``evidence.follow``): for every
disagreement, for one question and for one source. Each entry links to the claim (or, when
it is no longer public, its question) or to the disagreement's page."""

import uuid

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from evidence import follow
from evidence.access import visible_or_404
from evidence.models import Question, Source

SITE = "Ketamine Evidence Reference"
# Entry ids stay the same however the site is reached (host names, http or https).
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://ketamine-evidence-reference/changes/")


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    author_name = SITE

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return f"{entry.in_context} {entry.detail}".strip()

    def item_link(self, entry):
        return entry.url

    def item_guid(self, entry):
        return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, entry.uid)}"

    def item_updateddate(self, entry):
        return entry.when

    def item_pubdate(self, entry):
        return entry.when


class DisputesFeed(ChangesFeed):
    title = f"Where sources disagree: changes · {SITE}"
    subtitle = (
        "Claims published, retracted, superseded or answering differently on questions "
        "sources disagree about, and the curators’ accounts of each disagreement."
    )

    def link(self):
        return reverse("evidence:dispute-list")

    def items(self):
        return follow.for_disputes()


class QuestionFeed(ChangesFeed):
    def get_object(self, request, slug):
        return visible_or_404(Question.objects, request.user, slug=slug)

    def title(self, question):
        return f"{question.text} · changes · {SITE}"

    subtitle = (
        "Claims on this question published, retracted, superseded or answering "
        "differently, and changes to the curators’ account of its disagreement."
    )

    def link(self, question):
        return question.get_absolute_url()

    def items(self, question):
        return follow.for_question(question)


class SourceFeed(ChangesFeed):
    def get_object(self, request, pk):
        return visible_or_404(Source.objects.defer("full_text"), request.user, pk=pk)

    def title(self, source):
        return f"{source.name} · changes · {SITE}"

    subtitle = (
        "Claims read in this source, or attributed to it, published, retracted, "
        "superseded or answering differently."
    )

    def link(self, source):
        return source.get_absolute_url()

    def items(self, source):
        return follow.for_source(source)
