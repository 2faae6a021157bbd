"""The benchmark's report: the README shows the latest full run."""

import json

from django.conf import settings

from bench import measure, report

LATEST = settings.BASE_DIR / "bench" / "results" / "latest.json"
README = settings.BASE_DIR / "README.md"


def test_a_full_run_replaces_the_table_between_the_readmes_markers(tmp_path):
    result = json.loads(LATEST.read_text())
    readme = tmp_path / "README.md"
    readme.write_text(
        f"Before.\n{report.README_START}\nAn old table.\n{report.README_END}\nAfter.\n"
    )
    report.update_readme(readme, result)
    text = readme.read_text()
    assert text.startswith("Before.\n") and text.endswith("After.\n")
    assert "An old table." not in text
    assert f"commit `{result['commit']}`" in text and "| route (most claims) |" in text


def test_the_readme_shows_the_latest_run():
    assert report.summary(json.loads(LATEST.read_text())) in README.read_text()


def test_rounds_are_pooled_before_their_medians_are_taken():
    def round_of(page_seconds, baseline_seconds):
        page = {"name": "home", "url": "/", "planned_runs": len(page_seconds)}
        return {
            "pages": [{**page, "samples": list(page_seconds)}],
            "baseline": {"url": "/bench/baseline/", "queries": 1, "samples": baseline_seconds},
            "seconds": 2.0,
        }

    pooled = measure.merged([round_of([0.010, 0.030], [0.001]), round_of([0.020], [0.002])])
    (home,) = pooled["pages"]
    assert (home["runs"], home["planned_runs"], home["median_ms"]) == (3, 3, 20.0)
    assert (pooled["baseline"]["median_ms"], home["x_baseline"], pooled["seconds"]) == (
        1.5,
        13.33,
        4.0,
    )
