"""The benchmark's report: the README shows the latest full run."""

import json

from django.conf import settings

from bench import report

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
