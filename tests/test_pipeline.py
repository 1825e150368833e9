"""The pipeline rebuilds the committed outputs byte for byte, and runs on a user's corpus."""

from __future__ import annotations

import warnings

from analysis import facts, paths, pipeline


def _build(raw, out, figures, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pipeline.build(raw, out, figures_dir=figures, model_dir=paths.PROCESSED_DIR, **options)


def test_committed_processed_tables_and_figure_data_are_not_stale(tmp_path):
    out, figs = tmp_path / "processed", tmp_path / "figures"
    _build(paths.RAW_DIR, out, figs)
    for fresh in sorted(out.glob("*.csv")):
        committed = paths.PROCESSED_DIR / fresh.name
        assert committed.exists(), f"{fresh.name} is not committed: run `make report`"
        assert committed.read_bytes() == fresh.read_bytes(), f"data/processed/{fresh.name} is stale: run `make report`"
    for fresh in sorted(figs.glob("*.csv")):
        committed = paths.FIGURES_DIR / fresh.name
        assert committed.exists() and committed.read_bytes() == fresh.read_bytes(), f"figures/{fresh.name} is stale: run `make report`"
    assert sorted(p.name for p in figs.glob("*.png")) == sorted(p.name for p in paths.FIGURES_DIR.glob("*.png"))


def _forget_results_held_in_memory():
    # the facts lens keeps docs and claims in memory for the process: without this, how many parses a build
    # asks the store for depends on which tests ran before it
    facts._DOCS.clear()
    facts._CLAIM_CACHE.clear()


def test_same_input_gives_the_same_bytes(tmp_path):
    # the second build reads every parse back from the first build's parse store: same bytes as parsing
    _forget_results_held_in_memory()
    first = _build(paths.RAW_DIR, tmp_path / "a", tmp_path / "fa")
    _forget_results_held_in_memory()
    assert first["texts_parsed_into_store"] > 0
    second = _build(paths.RAW_DIR, tmp_path / "b", tmp_path / "fb", parse_cache=tmp_path / "a" / pipeline.PARSE_CACHE,
                    prune_parse_cache=True)
    assert second["texts_parsed_into_store"] == 0
    assert second["parses_pruned"] == 0  # a rebuild of the same corpus uses every parse the first build stored
    assert second["parses_read_back"] == first["parses_read_back"] + first["texts_parsed_into_store"]
    for table in sorted((tmp_path / "a").glob("*.csv")):
        assert table.read_bytes() == (tmp_path / "b" / table.name).read_bytes(), table.name
    for figure in sorted((tmp_path / "fa").glob("*.png")):
        assert figure.read_bytes() == (tmp_path / "fb" / figure.name).read_bytes(), figure.name


def test_an_empty_folder_still_builds_and_says_so(tmp_path):
    (tmp_path / "raw").mkdir()
    summary = _build(tmp_path / "raw", tmp_path / "out", tmp_path / "figs")
    assert summary["articles"] == 0
    assert (tmp_path / "out" / "articles.csv").exists()
    assert (tmp_path / "figs" / "corpus_timeline.png").exists()


def test_a_varied_hundred_article_jsonl_corpus_runs_through_every_lens(tmp_path):
    from test_corpus import _messy_jsonl

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "export.jsonl").write_text(_messy_jsonl(100), encoding="utf-8")
    summary = _build(raw, tmp_path / "out", tmp_path / "figs")
    assert summary["articles"] == 100
    for name in ["articles", "sentences", "attributions", "labels", "facts", "omissions"]:
        assert (tmp_path / "out" / f"{name}.csv").exists(), name
    assert summary["figures"] >= 10
