"""import_claims: claims from a CSV file, checked row by row, imported as drafts."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from evidence.constants import QuoteCheck, Status
from evidence.models import Claim

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data" / "claims"
GUIDE_TEXT = (
    "Results. Home nasal ketamine can be an acceptable alternative. Methods. Doses ranged "
    "from 0.5 to 1 mg/kg."
)


@pytest.fixture
def evidence(make):
    make.source(slug="csv-guide", full_text=GUIDE_TEXT)
    make.source(slug="csv-trial", doi="10.1000/csv.1", full_text=GUIDE_TEXT)
    make.source(slug="csv-cohort", pmid="1234567")
    make.question(slug="csv-home-use")
    make.route(slug="csv-nasal")
    make.route(slug="csv-iv")


def import_claims(name, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_claims", DATA / name, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_every_good_row_becomes_a_draft_claim_found_by_slug_doi_or_pmid(evidence):
    out, _ = import_claims("good.csv")

    assert "3 created" in out
    claims = {c.document.slug: c for c in Claim.objects.select_related("document", "question")}
    assert set(claims) == {"csv-guide", "csv-trial", "csv-cohort"}
    assert {c.status for c in claims.values()} == {Status.DRAFT}
    home = claims["csv-guide"]
    assert (home.question.slug, home.stance, home.setting) == ("csv-home-use", "supports", "home")
    assert home.quote_check == QuoteCheck.FOUND
    dose = claims["csv-trial"]
    assert sorted(dose.routes.values_list("slug", flat=True)) == ["csv-iv", "csv-nasal"]
    assert (dose.quantity, float(dose.value_low), float(dose.value_high)) == ("dose", 0.5, 1.0)
    assert claims["csv-cohort"].quote == "Ketamine, given in a clinic, was not better than placebo."


def test_a_second_import_of_the_same_file_adds_nothing(evidence):
    import_claims("good.csv")
    out, _ = import_claims("good.csv")
    assert "0 created, 3 already there" in out
    assert Claim.objects.count() == 3


def test_a_dry_run_reports_and_writes_nothing(evidence):
    out, _ = import_claims("good.csv", dry_run=True)
    assert "row 2: would create draft claim csv-guide-csv-" in out
    assert not Claim.objects.exists()


def test_a_bad_row_stops_the_import_and_each_problem_names_its_row_and_column(evidence):
    with pytest.raises(CommandError, match="Nothing was imported"):
        import_claims("bad_rows.csv")
    assert not Claim.objects.exists()


def test_problems_are_named_by_row_and_column(evidence):
    _, err = import_claims("bad_rows.csv", skip_bad_rows=True)
    problems = err.splitlines()
    assert (
        "row 3, column document: no source has the slug, DOI or PMID 'no-such-source'" in problems
    )
    assert any(p.startswith("row 4, column stance: 'yes' is not one of") for p in problems)
    assert any(p.startswith("row 4, column certainty: 'certain'") for p in problems)
    assert "row 4, column value_low: 'ten' is not a number" in problems
    assert "row 4, column routes: unknown route(s) csv-rectal" in problems
    assert not any(p.startswith("row 2") for p in problems)


def test_skip_bad_rows_imports_the_good_ones(evidence):
    out, _ = import_claims("bad_rows.csv", skip_bad_rows=True)
    assert "1 created" in out
    assert list(Claim.objects.values_list("document__slug", flat=True)) == ["csv-guide"]


def test_a_quote_not_in_the_documents_text_is_refused(evidence, tmp_path):
    path = tmp_path / "misquote.csv"
    path.write_text("document,quote,certainty\ncsv-guide,Ketamine cures everything.,low\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_claims", path, stdout=io.StringIO(), stderr=err)
    assert "row 2, column quote: is not in the document's stored text" in err.getvalue()


def test_a_file_without_the_required_columns_is_refused_whole(evidence, tmp_path):
    path = tmp_path / "no_quote.csv"
    path.write_text("document,certainty\ncsv-guide,low\n")
    with pytest.raises(CommandError, match="the header lacks the column.s. quote"):
        call_command("import_claims", path, stdout=io.StringIO())


HEADER = "document,quote,certainty,routes,factors,factor_advice\n"
GUIDE_QUOTE = "Home nasal ketamine can be an acceptable alternative."


def import_rows(tmp_path, rows, err=None):
    path = tmp_path / "factors.csv"
    path.write_text(HEADER + "".join(f"csv-guide,{GUIDE_QUOTE},low,{row}\n" for row in rows))
    call_command("import_claims", path, stdout=io.StringIO(), stderr=err or io.StringIO())


def test_patient_factors_and_what_the_quote_says_for_them_are_imported(evidence, make, tmp_path):
    older = make.factor(slug="older-adult", name="Older adult")
    heart = make.factor(slug="cardiovascular", name="Heart disease or high blood pressure")
    import_rows(tmp_path, ["csv-nasal,older-adult; cardiovascular,caution"])

    claim = Claim.objects.get()
    assert set(claim.factors.all()) == {older, heart}
    assert claim.factor_advice == "caution"
    assert list(claim.routes.values_list("slug", flat=True)) == ["csv-nasal"]


def test_a_claim_without_factors_has_no_advice_and_no_factors(evidence, tmp_path):
    import_rows(tmp_path, [",,"])
    claim = Claim.objects.get()
    assert (claim.factor_advice, claim.factors.count()) == ("", 0)


def test_factor_problems_are_named_by_row_and_column_and_nothing_is_imported(
    evidence, make, tmp_path
):
    make.factor(slug="older-adult")
    rows = [",older-adult,", ",,caution", ",older-adult;martian,caution", ",older-adult,avoid"]
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        import_rows(tmp_path, rows, err)

    problems = err.getvalue().splitlines()
    assert (
        "row 2, column factor_advice: is required with factors: what the quote says for them"
        in problems
    )
    assert (
        "row 3, column factors: are required with factor_advice: the kinds of patient it names"
        in problems
    )
    assert "row 4, column factors: unknown patient factor(s) martian" in problems
    assert any(p.startswith("row 5, column factor_advice: 'avoid' is not one of") for p in problems)
    assert not Claim.objects.exists()
