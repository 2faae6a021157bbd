"""The public pages speak to psychiatrists, not to curators: no internal code in visible text.

Curators name records by codes in the fixtures: documents by number ("000", "001", "002"),
sources and questions by slug ("acx-peer-review-ketamine"), claims and adverse-effect reports by
key ("002-microdosing-is-clinical-dose"), disagreements by key ("stance:home-vs-iv",
"numeric:…"). Readers see names ("S. Alexander, psychiatrist's guide (ACX), 2021"), never codes.

The check reads the text a reader can see or hear (the page title and the body's text, hidden
details and visually hidden labels included), never attributes: URLs may carry slugs. It walks
every public page built from the seed evidence and reports every offender at once.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from evidence.models import (
    AdverseEffect,
    AdverseEffectReport,
    Claim,
    Question,
    Route,
    Source,
)

pytestmark = pytest.mark.django_db

# Text inside these elements is never shown or read out.
UNSEEN = {"script", "style", "template", "noscript"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Elements that start a new line of text: keeps words in neighbouring cells apart.
BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "title",
    "tr",
    "ul",
}


# A web address shown as text (a permalink to cite) is an address, not wording: left out.
URL = re.compile(r"\bhttps?://\S+")


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.unseen = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in UNSEEN:
            self.unseen += 1
        elif tag in BLOCKS or tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in UNSEEN:
            self.unseen = max(0, self.unseen - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.unseen:
            self.parts.append(data)


def visible_text(html):
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    text = URL.sub("<url>", "".join(parser.parts))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


# --- What counts as an internal code --------------------------------------------------------------

# A document code standing alone: "001", "(002)", "document 000". Not a part of a number:
# "3,000 mg", "p < 0.001", "10 000", "1.000".
DOCUMENT_CODE = re.compile(
    r"(?<![\w.,\u00a0\u2009\u202f])(?<!\d )00[0-2](?![\w]|[.,]\d)"
    r"|\b(?:document|doc|file|claims?|reports?)[\s_#-]*00[0-2]\b",
    re.IGNORECASE,
)
DISPUTE_KEY = re.compile(r"\b(?:stance|numeric):[\w:.-]+", re.IGNORECASE)


def _codes():
    """Every slug and key the curators use, longest first so the longest match is reported.
    Disagreement keys ("stance:…", "numeric:…") are found by their form, ``DISPUTE_KEY``."""
    named = {}
    for slug in Source.objects.values_list("slug", flat=True):
        named[slug] = "source slug"
    for slug in Question.objects.values_list("slug", flat=True):
        if "-" in slug:  # one-word slugs are ordinary words
            named[slug] = "question slug"
    for key in AdverseEffectReport.objects.values_list("key", flat=True):
        named[key] = "adverse-effect report key"
    for key in Claim.objects.values_list("key", flat=True):  # some keys name both
        named[key] = "claim key"
    return dict(sorted(named.items(), key=lambda item: -len(item[0])))


def _slug_pattern(codes):
    # A code is a whole token: not a part of a longer slug or word.
    alternatives = "|".join(re.escape(code) for code in codes)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _snippet(text, start, end, width=50):
    before = text[max(0, start - width) : start].replace("\n", " ⏎ ")
    after = text[end : end + width].replace("\n", " ⏎ ")
    return f"…{before}[{text[start:end]}]{after}…"


def find_codes(text, codes, slug_pattern):
    """[(what, snippet)] for every internal code in ``text``."""
    found = []
    for match in slug_pattern.finditer(text):
        found.append((codes.get(match.group(0).lower(), "code"), match))
    for match in DISPUTE_KEY.finditer(text):
        found.append(("dispute key", match))
    for match in DOCUMENT_CODE.finditer(text):
        found.append(("document code", match))
    # One report per place: a claim key "002-…" also holds the document code "002".
    found.sort(key=lambda item: (item[1].start(), -(item[1].end() - item[1].start())))
    reported, last_end = [], -1
    for what, match in found:
        if match.start() < last_end:
            continue
        reported.append((what, _snippet(text, match.start(), match.end())))
        last_end = match.end()
    return reported


# --- Which pages ----------------------------------------------------------------------------------


def _list_pages(client, name):
    """A paginated table: every page of it."""
    path = reverse(f"evidence:{name}")
    pages, number = [path], 2
    while number < 100:
        response = client.get(path, {"page": number})
        if response.status_code != 200 or f"page={number + 1}" not in response.content.decode():
            if response.status_code == 200:
                pages.append(f"{path}?page={number}")
            break
        pages.append(f"{path}?page={number}")
        number += 1
    return pages


def public_pages(client):
    claims = Claim.objects.published().order_by("pk")
    questions = Question.objects.published().order_by("slug")
    pages = [
        reverse("evidence:home"),
        reverse("evidence:dispute-list"),
        reverse("evidence:strength"),
        reverse("evidence:route-list"),
        f"{reverse('evidence:search')}?q=ketamine",
    ]
    pages += [question.get_absolute_url() for question in questions]
    pages += [claim.get_absolute_url() for claim in claims]
    pages += [source.get_absolute_url() for source in Source.objects.published().order_by("pk")]
    pages += [route.get_absolute_url() for route in Route.objects.order_by("slug")]
    pages += [effect.get_absolute_url() for effect in AdverseEffect.objects.order_by("slug")]
    for name in ("claim-list", "source-list", "adverse-effect-list"):
        pages += _list_pages(client, name)
    pages += [reverse("evidence:claim-history", args=[claim.pk]) for claim in claims]
    pages += [reverse("evidence:question-history", args=[q.slug]) for q in questions]
    return pages


def test_the_text_finder_reads_text_not_attributes_and_spares_numbers():
    html = (
        '<html><head><title>T</title><script>var k="002-x"</script></head><body>'
        '<a href="/sources/acx-peer-review-ketamine/" title="001">Alexander</a>'
        "<p>3,000 mg; p &lt; 0.001; 10 000 users; 1.000</p><p>document 001 and (002) say</p>"
        "<table><tr><td>stance:home-vs-iv</td><td>acx-peer-review-ketamine</td></tr></table>"
        "</body></html>"
    )
    text = visible_text(html)
    assert "002-x" not in text and "/sources/" not in text
    assert "Cite: <url>" in visible_text("<p>Cite: http://testserver/questions/home-vs-iv/</p>")
    codes = {"acx-peer-review-ketamine": "source slug"}
    found = [what for what, _ in find_codes(text, codes, _slug_pattern(codes))]
    assert found == ["document code", "document code", "dispute key", "source slug"]


def test_no_public_page_shows_an_internal_code(client, seeded):
    codes = _codes()
    slug_pattern = _slug_pattern(codes)
    pages = public_pages(client)
    offenders, broken = {}, []
    for path in pages:
        response = client.get(path)
        if response.status_code != 200:
            broken.append(f"{path} answered {response.status_code}")
            continue
        text = visible_text(response.content.decode(response.charset or "utf-8"))
        found = find_codes(text, codes, slug_pattern)
        if found:
            offenders[path] = found
    count = sum(len(found) for found in offenders.values())
    report = []
    for path, found in offenders.items():
        report.append(f"{path} ({len(found)}):")
        report += [f"    {what}: {snippet}" for what, snippet in found]
    print(f"scanned {len(pages)} public pages; {count} internal codes on {len(offenders)} pages")
    print("\n".join(report))
    assert not broken, "public pages did not answer 200:\n" + "\n".join(broken)
    assert not offenders, (
        f"{count} internal codes in the visible text of {len(offenders)} of {len(pages)} public "
        "pages (readers should see names, not curators' codes):\n" + "\n".join(report)
    )
