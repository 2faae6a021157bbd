"""Readable at a glance: the route map's marks, disagreements drawn on an axis, adverse-effect
reports that show only what their source states, search groups that say how many they hold,
and an admin that names the site and links to peer review."""

import re

import pytest
from django.urls import reverse

from evidence import disagreements
from evidence.constants import DoseContext
from evidence.pages import charts, route_map
from evidence.pages.dose_columns import PER_COLUMN
from evidence.paging import BoundedPaginator
from evidence.search import page_context, search
from evidence.search_results import PER_GROUP

pytestmark = pytest.mark.django_db
SIZES = [2, 12]


def cells_of(evidence_map):
    return {(row.route.slug, cell.topic): cell for row in evidence_map.rows for cell in row.cells}


# --- The route map ---------------------------------------------------------------------------


def test_a_cell_agrees_only_when_two_sources_speak_and_none_disagrees(make):
    iv, oral, nasal = make.route(slug="iv"), make.route(slug="oral"), make.route(slug="nasal")
    q = make.question(topic="safety")
    make.claim(question=q, stance="supports", routes=[iv, oral, nasal])
    make.claim(question=q, stance="supports", routes=[iv])
    make.claim(question=q, stance="opposes", routes=[nasal])
    cells = cells_of(route_map.route_topic_matrix())
    assert cells[("iv", "safety")].state == "agreed"
    assert cells[("oral", "safety")].state == "single"
    assert cells[("nasal", "safety")].state == "disputed"
    assert cells[("iv", "safety")].summary == "2 claims, 2 sources, all agree"
    assert cells[("oral", "safety")].summary == "1 claim, one source only"


def test_one_source_making_many_claims_is_still_one_source_only(make):
    iv = make.route(slug="iv")
    guide = make.source()
    for stance in ["supports", "supports", "mixed"]:
        make.claim(
            question=make.question(topic="dosing"), stance=stance, document=guide, routes=[iv]
        )
    assert cells_of(route_map.route_topic_matrix())[("iv", "dosing")].state == "single"


def test_topics_no_claim_speaks_to_are_left_off_the_map(make):
    iv = make.route()
    make.claim(question=make.question(topic="legality"), stance="supports", routes=[iv])
    evidence_map = route_map.route_topic_matrix()
    assert [topic.value for topic, _ in evidence_map.topics] == ["legality"]
    assert [len(row.cells) for row in evidence_map.rows] == [1]


def test_a_long_route_name_is_wrapped_on_the_map_never_cut(client, make):
    name = "Intranasal racemic ketamine (compounded spray)"
    make.claim(question=make.question(), stance="supports", routes=[make.route(name=name)])
    html = client.get(reverse("evidence:route-list")).content.decode()
    lines = re.findall(r'<tspan x="0" y="\d+">([^<]+)</tspan>', html)
    assert len(lines) > 1 and " ".join(lines) == name
    assert "…" not in html


def test_the_map_shows_each_mark_and_says_each_in_words(client, make):
    iv, oral = make.route(slug="iv"), make.route(slug="oral")
    q = make.question(topic="safety")
    make.claim(question=q, stance="supports", routes=[iv, oral])
    make.claim(question=q, stance="opposes", routes=[iv])
    make.claim(question=make.question(topic="efficacy"), stance="supports", routes=[iv])
    make.claim(question=make.question(topic="efficacy"), stance="supports", routes=[iv])
    html = client.get(reverse("evidence:route-list")).content.decode()
    for mark in ['class="map-disputed"', 'class="map-agreed"', 'class="map-single"']:
        assert mark in html
    for words in ["disputed", "all agree", "one source only", "One source only"]:
        assert words in html
    assert 'data-label="Safety"' in html  # the list a phone shows in place of the drawing


@pytest.mark.parametrize("size", SIZES)
def test_the_map_answers_in_the_same_queries_at_any_size(
    client, make, size, django_assert_max_num_queries
):
    make.evidence_of_size(size)
    # The routes, the counts per cell, the questions whose claims about a route disagree.
    with django_assert_max_num_queries(3):
        assert client.get(reverse("evidence:route-list")).status_code == 200


# --- Disagreements ---------------------------------------------------------------------------


def numeric_disagreements(make, n):
    """``n`` numeric disagreements: on each of ``n`` routes, two sources give doses that do
    not overlap."""
    for i in range(n):
        route = make.route(name=f"Route {i}")
        for low, high, label in [
            (10, 20, f"Low-dose trial {i}"),
            (80, 90, f"High-dose clinic {i}"),
        ]:
            make.claim(
                document=make.source(label=label, title=f"A long study title {label}"),
                quantity="dose",
                unit="mg",
                value_low=low,
                value_high=high,
                routes=[route],
            )


def test_each_numeric_disagreement_gets_one_plot_of_all_its_claims(make):
    numeric_disagreements(make, 2)
    found = charts.attach_dispute_plots(disagreements.current())
    plots = [d.plot for d in found]
    assert [len(p.bars) for p in plots] == [2, 2]
    assert len({p.dom_id for p in plots}) == 2  # element ids stay unique on one page
    assert [bar.name for bar in plots[0].bars] == ["Low-dose trial 0", "High-dose clinic 0"]


@pytest.mark.parametrize("size", SIZES)
def test_plots_for_disagreements_load_in_the_same_queries_at_any_size(
    make, size, django_assert_max_num_queries
):
    numeric_disagreements(make, size)
    found = disagreements.current()
    with django_assert_max_num_queries(2):
        charts.attach_dispute_plots(found)


def test_a_numeric_disagreement_is_drawn_on_a_shared_axis_naming_each_source(client, make):
    numeric_disagreements(make, 1)
    html = client.get(reverse("evidence:dispute-list")).content.decode()
    assert html.count('class="range-plot"') == 1
    assert "Low-dose trial 0: 10–20 mg" in html and "High-dose clinic 0: 80–90 mg" in html
    assert "A long study title" not in html


def test_sides_of_a_disagreement_are_named_by_their_answers_and_sources_by_name(client, make):
    q = make.question(answer_supports="Yes — at home", answer_opposes="No — in a clinic only")
    make.claim(question=q, stance="supports", document=make.source(label="Home-use survey, 2024"))
    make.claim(question=q, stance="opposes", document=make.source(label="Clinic guide, 2023"))
    html = client.get(reverse("evidence:dispute-list")).content.decode()
    for words in [
        "Yes — at home",
        "No — in a clinic only",
        "Home-use survey, 2024",
        "Clinic guide",
    ]:
        assert words in html
    assert 'data-label="The sides"' in html  # a card on a phone names each part


@pytest.mark.parametrize("size", SIZES)
def test_the_disagreements_page_answers_in_the_same_queries_at_any_size(
    client, make, size, django_assert_max_num_queries
):
    make.evidence_of_size(size)
    numeric_disagreements(make, size)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("evidence:dispute-list")).status_code == 200


# --- Browse tables ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/claims/", "/sources/", "/adverse-effects/"])
def test_every_table_cell_names_its_column_for_the_phone_layout(client, make, url):
    make.report(quote="Seen once.")
    make.claim(quote="Said once.")
    html = client.get(url).content.decode()
    cells = re.findall(r"<td ([^>]*)>", html)
    assert cells and all("data-label=" in attrs for attrs in cells)


def test_the_claims_table_shows_no_record_number_and_links_the_quote(client, make):
    claim = make.claim(quote="Words of the source.")
    html = client.get("/claims/").content.decode()
    assert f'<a href="{claim.get_absolute_url()}">“Words of the source.”</a>' in html
    assert f">{claim.pk}</a>" not in html


def test_the_sources_table_names_sources_by_name(client, make):
    make.source(label="Zarate et al., 2006", title="A randomized trial of an NMDA antagonist")
    html = client.get("/sources/").content.decode()
    assert ">Zarate et al., 2006</a>" in html


# --- The adverse-effect page -----------------------------------------------------------------


def test_a_report_of_an_effect_not_seen_reads_as_not_observed(client, make):
    effect = make.effect()
    make.report(effect=effect, observed=False, quote="No liver injury was seen.")
    make.report(effect=effect, quote="Two cases of liver injury.")
    html = client.get(effect.get_absolute_url()).content.decode()
    assert html.count('class="claim report not-observed"') == 1
    assert "Not observed:</strong> the source looked for this effect and did not see it" in html
    assert "1 not observed" in html


def test_fields_a_source_does_not_state_are_left_out(client, make):
    effect = make.effect()
    make.report(effect=effect, quote="It happens.")
    make.report(
        effect=effect,
        quote="It happened to one in five.",
        frequency="one in five",
        frequency_percent=20,
        severity="mild",
        dose="0.5 mg/kg",
        certainty="low",
        route=make.route(name="Intravenous infusion"),
    )
    html = client.get(effect.get_absolute_url()).content.decode()
    for words in ["Not stated", "Not assessed"]:
        assert words not in html
    assert html.count("<dt>") == 5
    for fact in ["one in five (20%)", "Mild", "0.5 mg/kg", "Intravenous infusion", "Low"]:
        assert f"<dd>{fact}</dd>" in html
    # Each report opens with its own words, so reports that look alike tell apart; of two
    # from designs alike, the one whose certainty was assessed comes first.
    assert html.index("It happened to one in five.") < html.index("It happens.")


def test_high_doses_set_beside_standard_doses_are_flagged(client, make):
    effect = make.effect()
    make.report(effect=effect, dose_context="clinical")
    make.report(effect=effect, dose_context="high_dose", dose="1000 mg over 48 hours")
    html = client.get(effect.get_absolute_url()).content.decode()
    assert "Different doses:</strong> some reports below come from high-dose or prolonged" in html
    assert "Standard antidepressant dose" in html and "High-dose or prolonged infusion" in html


def test_reports_from_recreational_use_alone_are_flagged_too(client, make):
    effect = make.effect()
    make.report(effect=effect, dose_context="recreational")
    html = client.get(effect.get_absolute_url()).content.decode()
    assert "none of the reports below comes from standard antidepressant doses" in html


def test_standard_doses_alone_carry_no_dose_warning(client, make):
    effect = make.effect()
    make.report(effect=effect, dose_context="clinical")
    assert "Different doses" not in client.get(effect.get_absolute_url()).content.decode()


def test_each_report_names_its_source_and_says_whether_its_quote_was_checked(client, make):
    document = make.source(
        label="Psychiatrist's guide, 2021",
        title="Ketamine: a long title",
        full_text="Liver injury began after forty hours.",
    )
    report = make.report(document=document, quote="Liver injury began after forty hours.")
    html = client.get(report.effect.get_absolute_url()).content.decode()
    assert ">Psychiatrist&#x27;s guide, 2021</a>" in html and "a long title" not in html
    assert "Quote checked against the document" in html


@pytest.mark.parametrize("size", SIZES)
def test_the_adverse_effect_page_answers_in_the_same_queries_at_any_size(
    client, make, size, django_assert_max_num_queries
):
    effect = make.effect()
    contexts = DoseContext.values
    for i in range(size):
        make.report(
            effect=effect,
            observed=bool(i % 2),
            cites=make.source(),
            route=make.route(),
            dose_context=contexts[i % len(contexts)],
        )
    # The effect, the counts, then every dose column's reports in one query.
    with django_assert_max_num_queries(3):
        assert client.get(effect.get_absolute_url()).status_code == 200


def test_an_effect_with_many_reports_pages_each_dose_column_strongest_first(client, make):
    effect = make.effect()
    weak, strong = make.source(kind="forum_post"), make.source(kind="meta_analysis")
    for i in range(PER_COLUMN + 2):
        make.report(effect=effect, document=weak if i % 2 else strong, observed=i != 0)
    first = client.get(effect.get_absolute_url())
    column = first.context["shown"].columns[0]
    total = PER_COLUMN + 2
    assert (column.total, len(column.entries), column.not_observed_count) == (total, PER_COLUMN, 1)
    assert column.entries[0].report.document == strong
    assert f"{total} reports" in first.content.decode() and "Page 1 of 2" in first.content.decode()
    second = client.get(effect.get_absolute_url(), {"page": 2})
    assert [e.report.document for e in second.context["shown"].columns[0].entries] == [weak] * 2


# --- Search ----------------------------------------------------------------------------------


def test_a_group_with_more_than_it_shows_says_how_many_and_links_to_the_rest(client, make):
    for i in range(PER_GROUP + 5):
        make.claim(quote=f"Bladder pain, case {i}.")
    html = client.get(reverse("evidence:search"), {"q": "bladder"}).content.decode()
    assert 'Claims <span class="count">(25)</span>' in html
    assert "Showing 1–10 of 25." in html  # the overview's best ten of each group
    assert '<a href="/search/?q=bladder&amp;type=claims">Show all 25 claims</a>' in html


def test_a_group_that_fits_shows_no_link_to_more(make):
    make.claim(quote="Bladder pain.")
    (claims,) = [g for g in search("bladder") if g.label == "Claims"]
    assert (claims.count, claims.more_than_shown) == (1, False)


def test_the_rest_of_a_group_reads_a_page_at_a_time(make):
    for i in range(PER_GROUP + 5):
        make.claim(quote=f"Bladder pain, case {i}.")
    context = page_context({"q": "bladder", "type": "claims", "page": "2"})
    (claims,) = context["groups"]
    assert (claims.label, claims.count, len(claims.hits), claims.first, claims.last) == (
        "Claims",
        25,
        5,
        21,
        25,
    )
    assert claims.previous_url == "/search/?q=bladder&type=claims&page=1"
    assert claims.next_url == ""
    assert context["total"] == 25


def test_the_search_page_follows_a_group_to_its_second_page(client, make):
    for i in range(PER_GROUP + 5):
        make.claim(quote=f"Bladder pain, case {i}.")
    html = client.get(reverse("evidence:search"), {"q": "bladder", "type": "claims", "page": 2})
    html = html.content.decode()
    assert "Showing 21–25 of 25." in html and "Previous claims" in html
    assert "Questions <span" not in html


def test_an_unknown_group_or_page_falls_back_calmly(make):
    make.claim(quote="Bladder pain.")
    assert len(page_context({"q": "bladder", "type": "nonsense", "page": "x"})["groups"]) == 4
    (claims,) = page_context({"q": "bladder", "type": "claims", "page": "99"})["groups"]
    assert (claims.page, len(claims.hits)) == (1, 1)


@pytest.mark.parametrize("size", [PER_GROUP // 2, PER_GROUP * 2])
def test_search_answers_in_the_same_queries_at_any_size(
    client, make, size, django_assert_max_num_queries
):
    for i in range(size):
        make.claim(quote=f"Bladder pain, case {i}.")
        make.source(title=f"Bladder study {i}")
    # The synonyms, per type a bounded count and a page, and the spelling's known words.
    with django_assert_max_num_queries(10):
        assert client.get(reverse("evidence:search"), {"q": "bladder"}).status_code == 200


# --- Admin -----------------------------------------------------------------------------------


def test_the_admin_names_the_site_and_links_to_the_review_queue_and_invitations(client, curator):
    client.force_login(curator)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Ketamine Evidence Reference — curation" in html
    assert "Django administration" not in html
    assert f'href="{reverse("review:queue")}"' in html
    assert f'href="{reverse("review:invite")}"' in html


def test_bulk_actions_read_as_sentences(client, curator, make):
    make.claim()
    client.force_login(curator)
    html = client.get(reverse("admin:evidence_claim_changelist")).content.decode()
    labels = re.findall(r'<option value="[a-z_]+">([^<]+)</option>', html)
    assert labels == [
        "Publish the selected records",
        "Send the selected records to review",
        "Send the selected records back to draft",
        "Retract the selected records",
        "Delete the selected claims",
    ]


def test_a_bulk_action_reports_what_it_did_in_a_sentence(client, curator, make):
    drafts = [make.claim(status="draft") for _ in range(2)]
    client.force_login(curator)
    response = client.post(
        reverse("admin:evidence_claim_changelist"),
        {"action": "mark_review", "_selected_action": [c.pk for c in drafts]},
        follow=True,
    )
    assert "2 records sent to review." in response.content.decode()


def test_a_long_table_stops_at_its_last_bounded_page_and_says_how_to_narrow_it(
    client, make, monkeypatch
):
    monkeypatch.setattr(BoundedPaginator, "MAX_PAGES", 2)
    source = make.source()
    for _ in range(60):
        make.claim(document=source)
    deep = client.get(reverse("evidence:claim-list"), {"page": 3})
    assert deep.context["table"].page.number == 2  # the deepest page there is, not a 404
    text = deep.content.decode()
    assert "More than 50 results" in text  # counted only as far as the pages reach
    assert "Only the first 2 pages are shown" in text
    monkeypatch.setattr(BoundedPaginator, "MAX_PAGES", 3)
    assert "60 results" in client.get(reverse("evidence:claim-list")).content.decode()
