"""Targets, and the Markdown report written beside latest.json."""

MAX_QUERIES = 12
MAX_GROWTH = 1.5  # time at 100k ÷ time at 1k
MAX_X_BASELINE = 10  # median ÷ the baseline's median
MIN_THROUGHPUT_SHARE = 0.25  # req/s ÷ the baseline's, on PostgreSQL
THROUGHPUT_TARGET_PAGES = ("home", "disputes", "question (largest contested)")
THROUGHPUT_PAGES = (*THROUGHPUT_TARGET_PAGES, "claims, first page", "search ?q=nasal")

SMALL, LARGE = "1k", "100k"


def _mark(ok):
    if ok is None:
        return "–"
    return "pass" if ok else "**FAIL**"


def _throughput_rows(engine, key, targeted):
    """Rows of one throughput run; ``targeted``: whether its target applies (the run as
    production serves pages)."""
    throughput = engine.get(key) or {}
    base = throughput.get("baseline", {}).get("requests_per_s")
    rows = []
    for name in THROUGHPUT_PAGES:
        figures = throughput.get(name)
        if not figures or not base:
            continue
        share = round(figures["requests_per_s"] / base, 3)
        applies = targeted and engine["name"] == "postgres" and name in THROUGHPUT_TARGET_PAGES
        rows.append(
            {
                "name": name,
                "path": figures["path"],
                "requests_per_s": figures["requests_per_s"],
                "baseline_requests_per_s": base,
                "share": share,
                "p50_ms": figures.get("p50_ms"),
                "non_2xx": figures.get("non_2xx"),
                "ok": (share >= MIN_THROUGHPUT_SHARE) if applies else None,
            }
        )
    return rows


def evaluate(engine):
    """Rows comparing the two sizes, with a verdict per target; added to ``engine``."""
    measures = engine.get("measure", {})
    small = {p["name"]: p for p in measures.get(SMALL, {}).get("pages", [])}
    large = {p["name"]: p for p in measures.get(LARGE, {}).get("pages", [])}
    rows = []
    for name, page in large.items():
        before = small.get(name, {})
        row = {"name": name, "url": page["url"], "url_1k": before.get("url")}
        for key in ("queries", "median_ms", "p95_ms", "runs", "x_baseline", "status", "bytes"):
            row[f"{key}_100k"] = page.get(key)
            row[f"{key}_1k"] = before.get(key)
        if page.get("error") or before.get("error"):
            row["error"] = page.get("error") or before.get("error")
        q_small, q_large = before.get("queries"), page.get("queries")
        row["queries_ok"] = (
            None if q_large is None or q_small is None else q_large == q_small and q_large <= 12
        )
        m_small, m_large = before.get("median_ms"), page.get("median_ms")
        growth = round(m_large / m_small, 2) if m_small and m_large else None
        row["growth"] = growth
        row["growth_ok"] = None if growth is None else growth <= MAX_GROWTH
        # The same ratio with each time first divided by its own run's baseline: what is
        # left when the machine was busier during one run than the other.
        b_small = measures.get(SMALL, {}).get("baseline", {}).get("median_ms")
        b_large = measures.get(LARGE, {}).get("baseline", {}).get("median_ms")
        if growth and b_small and b_large:
            row["growth_normalised"] = round(growth * b_small / b_large, 2)
        row["x_baseline_ok"] = None
        x = page.get("x_baseline")
        if x is not None:
            row["x_baseline_ok"] = x < MAX_X_BASELINE
        rows.append(row)
    engine["rows"] = rows
    engine["throughput_rows"] = _throughput_rows(engine, "throughput", targeted=True)
    engine["rendered_rows"] = _throughput_rows(engine, "throughput_rendered", targeted=False)
    return engine


def failures(result):
    """One line per failed target."""
    lines = []
    for engine in result["engines"].values():
        for row in engine.get("rows", []):
            for key, what in (
                (
                    "queries_ok",
                    f"queries {row['queries_1k']} → {row['queries_100k']}"
                    + (" (over 12)" if (row["queries_100k"] or 0) > MAX_QUERIES else ""),
                ),
                ("growth_ok", f"100k÷1k = {row['growth']}"),
                ("x_baseline_ok", f"{row['x_baseline_100k']}× the baseline"),
            ):
                if row.get(key) is False:
                    lines.append(f"{engine['name']}: {row['name']}: {what}")
        for row in engine.get("throughput_rows", []):
            if row["ok"] is False:
                lines.append(
                    f"{engine['name']}: gunicorn {row['name']}: {row['share']:.3f} of the "
                    "baseline's throughput"
                )
    return lines


def _fmt(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _throughput_table(engine, key, title):
    rows = engine.get("throughput_rows" if key == "throughput" else "rendered_rows") or []
    if not rows:
        return []
    out = [
        f"{title}; gunicorn (2 sync workers), wrk 1 thread × 4 connections, "
        f"{engine.get('throughput_seconds')} s each, 100k corpus:",
        "",
        "| page | req/s | baseline req/s | share of baseline | p50 latency (ms) "
        "| non-2xx | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        out.append(
            f"| {row['name']} `{row['path']}` | {_fmt(row['requests_per_s'], 2)} "
            f"| {_fmt(row['baseline_requests_per_s'], 1)} | {_fmt(row['share'], 3)} "
            f"| {_fmt(row['p50_ms'])} | {_fmt(row['non_2xx'])} | {_mark(row['ok'])} |"
        )
    again = engine[key]["baseline"].get("again_requests_per_s")
    return [*out, "", f"The baseline again at the end (5 s): {_fmt(again, 1)} req/s.", ""]


def markdown(result):
    out = [
        "# Benchmark: flat cost at 100,000 claims",
        "",
        f"Run {result['started']} on {result['machine']['cpus']} cores "
        f"(load average before/after: {result['machine']['load_before']} / "
        f"{result['machine']['load_after']}), commit `{result.get('commit', '?')}`, "
        f"Python {result['machine']['python']}, Django {result['machine']['django']}. "
        f"`make bench` took **{result['seconds'] / 60:.1f} min**.",
        "",
        *([f"**Warning: {result['code_changed']}.**", ""] if result.get("code_changed") else []),
        "Times are server time in-process (Django's test Client: middleware, views, "
        "templates; no network), median and p95 over the timed runs, each run right after a "
        "request to the baseline (`/bench/baseline/`: 50 claims of one table through a "
        f"template). Targets at 100k claims: queries equal to 1k's and ≤ {MAX_QUERIES}; "
        f"median at 100k ÷ median at 1k ≤ {MAX_GROWTH}; median < {MAX_X_BASELINE}× the "
        "baseline's; gunicorn throughput on PostgreSQL for /, /disputes/ and the question page "
        f"≥ {MIN_THROUGHPUT_SHARE} of the baseline's. Pages slower than 0.5 s are timed "
        "fewer than 15 times (as many as fit in 5 s, at least 3) and pages slower than 5 s "
        "once: they fail their targets many times over either way (see the runs column).",
        "",
    ]
    out += ["## Corpora", ""]
    out += [
        "| engine | size | claims (published) | sources | questions | active disagreements "
        "| largest question / source / route / effect | database |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for engine in result["engines"].values():
        for size in (SMALL, LARGE):
            sizes = engine.get("measure", {}).get(size, {}).get("sizes")
            build = engine.get("builds", {}).get(size, {})
            if not sizes:
                continue
            built = "reused" if build.get("reused") else f"built in {build.get('seconds', 0):.0f} s"
            out.append(
                f"| {engine['name']} | {size} "
                f"| {sizes['claims']:,} ({sizes['published_claims']:,}) "
                f"| {sizes['sources']:,} | {sizes['questions']:,} "
                f"| {sizes['active_disagreements']} "
                f"| {sizes['question_claims']:,} / {sizes['source_claims']:,} / "
                f"{sizes['route_claims']:,} / {sizes['effect_reports']:,} claims or reports "
                f"| {built} |"
            )
    out.append("")
    for engine in result["engines"].values():
        out += [f"## {engine['description']}", ""]
        if engine.get("skipped"):
            out += [f"Skipped: {engine['skipped']}", ""]
            continue
        baselines = {
            size: engine.get("measure", {}).get(size, {}).get("baseline", {})
            for size in (SMALL, LARGE)
        }
        out += [
            "| page | queries 1k → 100k | median 1k (ms) | median 100k (ms) | p95 100k (ms) "
            "| runs 100k | × baseline (100k) | 100k ÷ 1k (normalised) | queries | growth "
            "| × baseline |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in engine.get("rows", []):
            name = row["name"] + (f" ({row['error']})" if row.get("error") else "")
            out.append(
                f"| {name} | {_fmt(row['queries_1k'])} → {_fmt(row['queries_100k'])} "
                f"| {_fmt(row['median_ms_1k'])} | {_fmt(row['median_ms_100k'])} "
                f"| {_fmt(row['p95_ms_100k'])} | {_fmt(row['runs_100k'])} "
                f"| {_fmt(row['x_baseline_100k'])} "
                f"| {_fmt(row['growth'], 2)} ({_fmt(row.get('growth_normalised'), 2)}) "
                f"| {_mark(row['queries_ok'])} | {_mark(row['growth_ok'])} "
                f"| {_mark(row['x_baseline_ok'])} |"
            )
        b1, b2 = baselines[SMALL], baselines[LARGE]
        out.append(
            f"| *baseline* | {_fmt(b1.get('queries'))} → {_fmt(b2.get('queries'))} "
            f"| {_fmt(b1.get('median_ms'), 2)} | {_fmt(b2.get('median_ms'), 2)} "
            f"| {_fmt(b2.get('p95_ms'), 2)} | {_fmt(b2.get('runs'))} | 1 | | | | |"
        )
        out.append("")
        urls = ", ".join(
            f"{row['name']}: `{row['url']}`"
            for row in engine.get("rows", [])
            if "(" in row["name"] or "deepest page" in row["name"]
        )
        out += [f"Pages chosen from the 100k data: {urls}.", ""]
        if engine.get("throughput_rows"):
            out += _throughput_table(
                engine,
                "throughput",
                "Throughput as production serves pages (pages kept for readers not signed in, "
                "filed under the evidence's generation)",
            )
            out += _throughput_table(
                engine,
                "throughput_rendered",
                "The same with every request rendered (DJANGO_PAGE_CACHE_SECONDS=0), "
                "as after each change of the evidence",
            )
        elif engine.get("throughput_skipped"):
            out += [f"Throughput skipped: {engine['throughput_skipped']}", ""]
    failed = failures(result)
    out += ["## Failing targets", ""]
    out += [f"- {line}" for line in failed] if failed else ["None."]
    out.append("")
    return "\n".join(out)


README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"


def summary(result):
    """The README's copy of a full run: each page's median at both sizes and its multiple
    of the baseline, on each database, then the targets missed."""
    engines = [e for e in result["engines"].values() if not e.get("skipped")]
    head = "| page | " + " | ".join(
        f"{e['description'].split(' (')[0]}: ms 1k → 100k (× baseline)" for e in engines
    )
    out = [
        f"From `make bench` on commit `{result.get('commit', '?')}`, {result['started']} "
        "(whole tables: `bench/results/latest.md`). A ✗ marks a missed target.",
        "",
        head + " | queries 1k → 100k |",
        "|---" * (len(engines) + 2) + "|",
    ]
    by_name = [{row["name"]: row for row in e.get("rows", [])} for e in engines]
    for name in by_name[0] if by_name else []:
        cells = []
        for rows in by_name:
            row = rows.get(name)
            if row is None:
                cells.append("–")
                continue
            missed = "" if row["growth_ok"] and row["x_baseline_ok"] else " ✗"
            cells.append(
                f"{_fmt(row['median_ms_1k'])} → {_fmt(row['median_ms_100k'])} "
                f"({_fmt(row['x_baseline_100k'])}){missed}"
            )
        queries = " / ".join(
            f"{_fmt(rows[name]['queries_1k'])} → {_fmt(rows[name]['queries_100k'])}"
            + ("" if rows[name]["queries_ok"] else " ✗")
            for rows in by_name
            if name in rows
        )
        out.append(f"| {name} | " + " | ".join(cells) + f" | {queries} |")
    failed = failures(result)
    out += ["", "Targets missed:" if failed else "Every target met.", ""]
    out += [f"- {line}" for line in failed]
    return "\n".join(out)


def update_readme(path, result):
    """Put ``summary(result)`` between the README's bench markers."""
    text = path.read_text()
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    path.write_text(text[:start] + "\n" + summary(result) + "\n" + text[end:])
