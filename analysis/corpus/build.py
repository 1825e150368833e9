"""The corpus: raw files in, clean ``articles`` and ``sentences`` tables out.

Readers:

* ``.txt``: a flattened web page (UTF-8; other encodings are detected and
  decoded with a warning; HTML saved as ``.txt`` is read as HTML).
* ``.html`` / ``.htm``: article text and metadata through trafilatura.
* ``.jsonl`` / ``.csv``: one article per row with fields
  ``outlet, date, title, text, url`` (other names through ``columns=``).

An optional ``manifest.csv`` in the raw folder gives, per file and story,
``outlet, publisher, date, url, event, headline, note``; it overrides what is
detected, and disagreements are reported. Every problem is logged with the
file (and line) and what to do; one bad file never stops the others. Nothing in
the raw folder is ever written.

Example:
    >>> from analysis import paths
    >>> articles = load_articles(paths.RAW_DIR)
    >>> sorted(set(articles["outlet"]))
    ['AFP', 'RT', 'Reuters', 'Sputnik']
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import paths
from . import clean, pages, provenance
from .outlets import opinion_pieces, outlet_sections
from .sentences import article_sentence_spans

ARTICLE_COLUMNS = [
    "article_id", "source_file", "story", "outlet", "outlet_evidence", "publisher", "date", "date_source",
    "headline", "text", "n_words", "n_sentences", "outlet_detected", "provenance_note", "dateline", "url",
    "event", "language", "note",
]
SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph", "start", "end", "text"]
REMOVED_COLUMNS = ["source_file", "line_no", "text", "rule"]
LOG_COLUMNS = ["source_file", "line", "level", "message"]
MANIFEST_COLUMNS = ["source_file", "story", "outlet", "publisher", "date", "url", "event", "headline", "language", "note"]
PAGE_SUFFIXES = {".txt", ".html", ".htm"}
TABLE_SUFFIXES = {".jsonl", ".csv"}
COLUMN_SYNONYMS = {
    "text": ["text", "body", "content", "article", "article_text", "maintext", "full_text"],
    "outlet": ["outlet", "source", "source_name", "publisher", "site", "sitename", "media", "domain", "news_outlet"],
    "date": ["date", "published", "publish_date", "published_at", "date_publish", "pubdate", "publication_date", "datetime", "timestamp"],
    "title": ["title", "headline", "heading"],
    "url": ["url", "link", "source_url", "article_url"],
    "event": ["event", "event_id", "story_id"],
}
MIN_ENGLISH_STOPWORD_RATIO = 0.2
TABLE_PROGRESS_MIN_ROWS = 500
# Files of a raw folder that are not articles: the manifest, checksums and a user's own rule tables.
RULE_TABLES = ("actors", "acts", "outlet_aliases", "framing_terms", "framing_markers", "reporting_verbs", "boilerplate",
               "fact_filter", "commentator_roles", "sense_contexts", "victim_cues",
               "outlets")
RESERVED_NAMES = {"manifest.csv", "SHA256SUMS", *(f"{name}.csv" for name in RULE_TABLES)}


@dataclass
class BuildResult:
    """Everything a corpus build produces."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    removed_lines: pd.DataFrame
    log: pd.DataFrame


@dataclass
class _Run:
    """Mutable collectors for one build."""

    articles: list[dict] = field(default_factory=list)
    removed: list[pd.DataFrame] = field(default_factory=list)
    log: list[tuple] = field(default_factory=list)
    seen_hashes: dict[str, str] = field(default_factory=dict)
    rules: tuple = ()  # the boilerplate rules, read once per build
    said: set = field(default_factory=set)
    repeats: dict = field(default_factory=dict)  # (source file, kind) -> stories with that warning

    def say_once(self, key: str, source_file: str, message: str, *, level: str = "warning") -> None:
        """Log ``message`` the first time ``key`` is met in this build (one line per outlet, not per row)."""
        if key not in self.said:
            self.said.add(key)
            self.say(source_file, message, level=level)

    def say(self, source_file: str, message: str, *, level: str = "warning", line: int | None = None,
            kind: str | None = None) -> None:
        """Log ``message``; print it unless it is ``info``. A warning of a ``kind`` (one per story: "no date")
        prints once per file; :meth:`say_repeats` then prints how many more stories of the file had it."""
        self.log.append((source_file, "" if line is None else line, level, message))
        if level == "info":
            return
        if kind is not None:
            seen = self.repeats.get((source_file, kind), 0)
            self.repeats[(source_file, kind)] = seen + 1
            if seen:
                return
        where = f"{source_file}:{line}" if line is not None else source_file
        warnings.warn(f"{where}: {message}", stacklevel=3)

    def say_repeats(self) -> None:
        """One line per file and kind of story warning met more than once: how many more stories had it."""
        for (source_file, kind), n in sorted(self.repeats.items()):
            if n > 1:
                warnings.warn(f"{source_file}: {n - 1:,} more stories: {kind} (each is listed in build_log.csv)", stacklevel=2)


# ---------------------------------------------------------------- reading bytes


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """Decode file bytes: UTF-8 first, else the most likely encoding. Returns (text, note).

    Returns ``(None, reason)`` for empty or binary content.

    Example:
        >>> decode_bytes("café".encode("latin-1"))[1].startswith("not UTF-8")
        True
    """
    if not data.strip():
        return None, "empty file: nothing to read (remove it, or put the article text in it)"
    if b"\x00" in data[:4096] or _looks_binary(data[:4096]):
        return None, "binary file, not text: convert it to .txt, .html, .jsonl or .csv, or remove it"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None, "undecodable bytes: save the file as UTF-8 and rebuild"
    return str(best), f"not UTF-8; decoded as {best.encoding} (check the text, or save the file as UTF-8)"


def _looks_binary(head: bytes) -> bool:
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    return len(head) > 0 and controls / len(head) > 0.05


def looks_like_html(text: str) -> bool:
    """True when text is an HTML document (for ``.txt`` files that are really saved web pages)."""
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


# ---------------------------------------------------------------- manifest


def read_manifest(raw_dir: str | Path, run: _Run | None = None) -> pd.DataFrame:
    """``manifest.csv`` of a raw folder (an empty table with the known columns when absent)."""
    path = Path(raw_dir) / "manifest.csv"
    if not path.exists():
        return pd.DataFrame(columns=MANIFEST_COLUMNS)
    manifest = pd.read_csv(path, dtype=str, keep_default_na=False)
    unknown = [c for c in manifest.columns if c not in MANIFEST_COLUMNS]
    if unknown and run is not None:
        run.say("manifest.csv", f"unknown column(s) {unknown} ignored; known columns: {MANIFEST_COLUMNS}")
    if "source_file" not in manifest.columns:
        if run is not None:
            run.say("manifest.csv", "no 'source_file' column: the manifest is ignored; add it (the file name in the raw folder)", level="error")
        return pd.DataFrame(columns=MANIFEST_COLUMNS)
    for col in MANIFEST_COLUMNS:
        if col not in manifest.columns:
            manifest[col] = ""
    return manifest[MANIFEST_COLUMNS]


def _manifest_row(manifest: pd.DataFrame, source_file: str, story: int) -> dict:
    if manifest.empty or source_file not in set(manifest["source_file"]):
        return {}
    rows = manifest[manifest["source_file"] == source_file]
    exact = rows[rows["story"].astype(str) == str(story)]
    if len(exact):
        return exact.iloc[0].to_dict()
    blank = rows[rows["story"].astype(str).str.strip() == ""]
    return blank.iloc[0].to_dict() if len(blank) else {}


# ---------------------------------------------------------------- articles from pages


def _story_record(story: pages.Story, *, source_file: str, publisher: str, url: str, outlets: pd.DataFrame) -> dict:
    outlet, evidence = provenance.choose_outlet(story.evidence)
    date, date_source = (story.page_date, "page") if story.page_date else (
        (story.header_dates[0], "page") if story.header_dates else (None, "missing"))
    return {
        "source_file": source_file,
        "story": story.story,
        "outlet_detected": outlet,
        "outlet_evidence": evidence,
        "publisher": publisher,
        "date": date,
        "date_source": date_source,
        "headline": story.headline,
        "text": "\n\n".join(story.paragraphs),
        "dateline": story.dateline,
        "url": url,
    }


def _page_site(lines: list[pages.Line], outlets: pd.DataFrame) -> tuple[str, str]:
    """The publishing site and the page's own URL, from URL lines (the last article URL wins)."""
    site, url = "", ""
    for line in lines:
        if line.rule == "url":
            found = provenance.domain_evidence(line.text, outlets)
            if found and not re.search(r"\.(jpe?g|png|gif|webp)$", line.text, re.IGNORECASE):
                site, url = found[0].outlet, line.text
    return site, url


def read_page(text: str, *, source_file: str, outlets: pd.DataFrame | None = None, rules=None) -> tuple[list[dict], pd.DataFrame]:
    """Stories of one flattened page as article records, and the removed-lines audit."""
    outlets = outlets if outlets is not None else provenance.load_outlets()
    stories, lines = pages.split_page_with_audit(text, source_file=source_file, outlets=outlets, rules=rules)
    site, url = _page_site(lines, outlets)
    records = [_story_record(s, source_file=source_file, publisher=site, url=url, outlets=outlets) for s in stories]
    removed = pages.removed_lines(lines, source_file)
    datelines = [(source_file, s.first_line, s.dateline, "dateline") for s in stories if s.dateline]
    if datelines:
        removed = pd.concat([removed, pd.DataFrame(datelines, columns=REMOVED_COLUMNS)], ignore_index=True)
    return records, removed


def read_html(html: str, *, source_file: str, outlets: pd.DataFrame | None = None, rules=None) -> tuple[list[dict], pd.DataFrame]:
    """One article from an HTML page through trafilatura (main text and metadata)."""
    import trafilatura

    outlets = outlets if outlets is not None else provenance.load_outlets()
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None:
        return [], pd.DataFrame(columns=REMOVED_COLUMNS)
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = meta.get("text") or ""
    records, removed = _records_from_text(body, source_file=source_file, outlets=outlets, row_no=None, rules=rules)
    if not records:
        return [], removed
    record = records[0]
    evidence = [provenance.Evidence(o.outlet, "metadata", f"{key}={value}", 0)
                for key in ("sitename", "hostname") if (value := meta.get(key))
                for o in [*provenance.domain_evidence(str(value), outlets, kind="metadata"),
                          *_name_evidence(str(value), outlets)]]
    evidence += record.pop("_evidence")
    outlet, summary = provenance.choose_outlet(evidence)
    date = provenance.parse_date(str(meta.get("date") or ""))
    record.update(
        headline=meta.get("title") or "", outlet_detected=outlet, outlet_evidence=summary,
        date=date, date_source="page" if date else "missing",
        publisher=provenance.normalize_outlet(meta.get("sitename") or meta.get("hostname") or "", outlets),
        url=meta.get("url") or "",
    )
    return [record], removed


def _name_evidence(value: str, outlets: pd.DataFrame) -> list[provenance.Evidence]:
    outlet = provenance.outlet_of_line(value, outlets)
    return [provenance.Evidence(outlet, "metadata", value, 0)] if outlet else []


def _records_from_text(text: str, *, source_file: str, outlets: pd.DataFrame, row_no: int | None, rules=None) -> tuple[list[dict], pd.DataFrame]:
    """An already-extracted article body: drop widget/policy/credit lines, keep paragraphs."""
    rules = rules if rules else clean.load_rules()
    paragraphs, removed, evidence = [], [], []
    seen: set = set()
    dateline = ""
    for no, line in enumerate(clean.normalize_text(text).split("\n"), start=1):
        if not line:
            continue
        line, cards = clean.cut_inline(line, rules)
        removed.extend((no, card, rule) for card, rule in cards)
        if not line:  # the whole line was page furniture (a video caption)
            continue
        line, tail, cut = clean.cut_tail(line, rules)
        if cut is not None:
            removed.append((no, tail, cut))
            if not line:
                continue
        rule = clean.match_rule(line, rules)
        if rule is None and (outlet := provenance.outlet_of_line(line, outlets)):
            evidence.append(provenance.Evidence(outlet, "credit line", line, no))
            rule = "credit_line"
        if rule in {"end_marker"} and len(paragraphs) >= pages.MIN_BODY_BEFORE_END:
            removed.append((no, line, rule))
            break
        if rule is not None:
            removed.append((no, line, rule))
            continue
        if not paragraphs and (found := provenance.find_dateline(line, outlets)):
            dateline, agency = found
            if agency:
                evidence.append(provenance.Evidence(agency, "dateline", dateline.strip(), no))
            removed.append((no, dateline.strip(), "dateline"))
            line = line[len(dateline):]
        key = clean.repeat_key(line)
        if key is not None and key in seen:  # a summary block or pull quote printed a second time
            removed.append((no, line, "duplicate_line"))
            continue
        seen.add(key)
        paragraphs.append(line)
    for p in paragraphs:
        evidence.extend(provenance.text_evidence(p, outlets))
    where = source_file if row_no is None else f"{source_file}#{row_no}"
    removed_df = pd.DataFrame([(where, no, t, r) for no, t, r in removed], columns=REMOVED_COLUMNS)
    record = {"source_file": source_file, "story": 1 if row_no is None else row_no, "text": "\n\n".join(paragraphs),
              "dateline": dateline.strip(), "_evidence": evidence}
    return [record], removed_df


# ---------------------------------------------------------------- tabular corpora


def resolve_columns(frame_columns, columns: dict[str, str] | None = None) -> dict[str, str]:
    """Map the file's column names to ``text, outlet, date, title, url, event``.

    ``columns`` maps file names to ours (``{"body": "text"}``) and wins over the
    built-in synonyms.

    Example:
        >>> resolve_columns(["Body", "source", "published"])
        {'Body': 'text', 'source': 'outlet', 'published': 'date'}
    """
    mapping = dict(columns or {})
    taken = set(mapping.values())
    for col in frame_columns:
        if col in mapping:
            continue
        for ours, names in COLUMN_SYNONYMS.items():
            if ours not in taken and str(col).strip().lower() in names:
                mapping[col] = ours
                taken.add(ours)
                break
    return {k: v for k, v in mapping.items() if k in set(frame_columns)}


def read_table_rows(path: Path, text: str, run: _Run, *, columns: dict[str, str] | None = None) -> list[tuple[int, dict]]:
    """Rows of a ``.jsonl`` or ``.csv`` corpus as (line number, record); bad rows are logged and skipped."""
    rows: list[tuple[int, dict]] = []
    if path.suffix.lower() == ".jsonl":
        for no, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                run.say(path.name, f"not valid JSON ({err.msg}); line skipped — fix or delete the line", line=no)
                continue
            if not isinstance(obj, dict):
                run.say(path.name, "a JSON line must be an object with a 'text' field; line skipped", line=no)
                continue
            rows.append((no, obj))
    else:
        import io

        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, ValueError) as err:
            run.say(path.name, f"could not parse as CSV ({err}); file skipped — check quoting and delimiters", level="error")
            return []
        rows = [(i + 2, rec) for i, rec in enumerate(frame.to_dict(orient="records"))]
    if not rows:
        return []
    all_columns = sorted({k for _, r in rows for k in r})
    mapping = resolve_columns(all_columns, columns)
    if "text" not in mapping.values():
        run.say(path.name, f"no text column among {all_columns}; file skipped — name it 'text' or pass a column mapping", level="error")
        return []
    return [(no, {ours: rec.get(theirs) for theirs, ours in mapping.items()}) for no, rec in rows]


def _table_record(no: int, row: dict, *, source_file: str, outlets: pd.DataFrame, run: _Run) -> dict | None:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        run.say(source_file, "row has no 'text'; skipped — every row needs the article body", line=no)
        return None
    records, removed = _records_from_text(text, source_file=source_file, outlets=outlets, row_no=no, rules=run.rules)
    run.removed.append(removed)
    record = records[0]
    evidence = record.pop("_evidence")
    given_outlet = str(row.get("outlet") or "").strip()
    detected, summary = provenance.choose_outlet(evidence)
    if given_outlet:
        outlet = provenance.normalize_outlet(_outlet_from_value(given_outlet, outlets), outlets)
        summary = f"field 'outlet' = '{given_outlet}'" + (f"; text: {summary}" if evidence else "")
    else:
        outlet = detected
    raw_date = row.get("date")
    date = _parse_any_date(raw_date)
    if raw_date not in (None, "") and date is None:
        run.say(source_file, f"date '{raw_date}' not understood; kept as missing — use YYYY-MM-DD", line=no)
    record.update(
        outlet_detected=outlet, outlet_evidence=summary, publisher="", date=date,
        date_source="field" if date else "missing", headline=str(row.get("title") or "").strip(),
        url=str(row.get("url") or ""), event=str(row.get("event") or ""),
    )
    return record


def _outlet_from_value(value: str, outlets: pd.DataFrame) -> str:
    """An outlet name from a field that may hold a domain or URL."""
    found = provenance.domain_evidence(value, outlets)
    return found[0].outlet if found and ("." in value and " " not in value) else value


def _parse_any_date(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
        return None
    text = str(value).strip()
    found = provenance.parse_date(text)
    if found:
        return found
    try:
        stamp = pd.to_datetime(text, utc=True)
    except (ValueError, TypeError, OverflowError):
        return None
    return None if pd.isna(stamp) else stamp.strftime("%Y-%m-%d")


# ---------------------------------------------------------------- one file


def read_source(path: Path, run: _Run, *, outlets: pd.DataFrame, columns: dict[str, str] | None = None) -> list[dict]:
    """Article records of one raw file; problems go to the run log, never raise."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as err:
        run.say(name, f"cannot read ({err.strerror}); skipped — check the file's permissions", level="error")
        return []
    text, note = decode_bytes(data)
    if text is None:
        run.say(name, f"{note}; skipped", level="error")
        return []
    if note:
        run.say(name, note)
    digest = hashlib.sha256(clean.normalize_text(text).encode("utf-8")).hexdigest()
    if digest in run.seen_hashes:
        run.say(name, f"same content as {run.seen_hashes[digest]}; skipped — remove one copy")
        return []
    run.seen_hashes[digest] = name
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        from tqdm.auto import tqdm

        rows = read_table_rows(path, text, run, columns=columns)
        shown = tqdm(rows, desc=name, unit="article", disable=len(rows) < TABLE_PROGRESS_MIN_ROWS, leave=False)
        return [r for no, row in shown if (r := _table_record(no, row, source_file=name, outlets=outlets, run=run)) is not None]
    if suffix in {".html", ".htm"} or looks_like_html(text):
        if suffix == ".txt":
            run.say(name, "looks like HTML saved as .txt; read as HTML — rename it to .html")
        records, removed = read_html(text, source_file=name, outlets=outlets, rules=run.rules)
    else:
        records, removed = read_page(text, source_file=name, outlets=outlets, rules=run.rules)
    run.removed.append(removed)
    return records


# ---------------------------------------------------------------- the whole corpus


def list_sources(raw_dir: str | Path) -> list[Path]:
    """Readable corpus files of a folder, sorted by name (manifest, rule tables and hidden files excluded)."""
    raw_dir = Path(raw_dir)
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith(".")
                  and p.name not in RESERVED_NAMES)


def build_corpus(raw_dir: str | Path, *, columns: dict[str, str] | None = None, progress: bool | None = None) -> BuildResult:
    """Read every file of ``raw_dir`` into articles, sentences, the removed-lines audit and a log."""
    from tqdm.auto import tqdm

    raw_dir = Path(raw_dir)
    run = _Run(rules=clean.load_rules())
    outlets = provenance.load_outlets()
    if not raw_dir.is_dir():
        run.say(str(raw_dir), "raw folder not found: pass the folder that holds the articles", level="error")
        return _finish(run, pd.DataFrame(columns=MANIFEST_COLUMNS), outlets)
    manifest = read_manifest(raw_dir, run)
    sources = list_sources(raw_dir)
    for path in sources:
        if path.suffix.lower() not in PAGE_SUFFIXES | TABLE_SUFFIXES:
            run.say(path.name, f"unsupported file type '{path.suffix}'; skipped — use .txt, .html, .jsonl or .csv")
    readable = [p for p in sources if p.suffix.lower() in PAGE_SUFFIXES | TABLE_SUFFIXES]
    names = {p.name for p in readable}
    for missing in sorted(set(manifest["source_file"]) - names - {""}):
        run.say("manifest.csv", f"names '{missing}', which is not in {raw_dir}; row ignored — fix the name or add the file")
    show = progress if progress is not None else len(readable) >= 50
    for path in tqdm(readable, desc="reading", unit="file", disable=not show):
        for record in read_source(path, run, outlets=outlets, columns=columns):
            run.articles.append(record)
    return _finish(run, manifest, outlets, raw_dir)


def load_outlet_aliases(raw_dir: Path | None = None) -> pd.DataFrame:
    """The outlet alias table: ``RAW/outlet_aliases.csv`` if the user has one, else the packaged one."""
    own = Path(raw_dir) / "outlet_aliases.csv" if raw_dir is not None else None
    path = own if own is not None and own.is_file() else paths.package_table("outlet_aliases.csv")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _apply_manifest(record: dict, manifest: pd.DataFrame, run: _Run, outlets: pd.DataFrame) -> dict:
    row = _manifest_row(manifest, record["source_file"], record["story"])
    detected = record.get("outlet_detected", "")
    record["outlet"] = detected
    record["provenance_note"] = ""
    if not row:
        if record["source_file"].endswith((".txt", ".html", ".htm")) and len(manifest):
            run.say(record["source_file"], "no manifest row; outlet and date come from the page alone", level="info")
    else:
        stated = provenance.normalize_outlet(row.get("outlet", ""), outlets)
        if stated:
            record["outlet"] = stated
            if detected and detected != stated:
                record["provenance_note"] = f"manifest says {stated}; the page's evidence says {detected}"
                run.say(record["source_file"], f"story {record['story']}: {record['provenance_note']} (manifest wins)")
            elif not detected:
                record["provenance_note"] = "outlet from the manifest only; no authorship evidence in the page"
        for key in ("publisher", "url", "event", "note", "language"):
            if row.get(key):
                record[key] = row[key]
        if row.get("headline") and not record.get("headline"):
            record["headline"] = row["headline"]
        if not record.get("date") and row.get("date"):
            record["date"], record["date_source"] = _parse_any_date(row["date"]), "manifest"
        elif record.get("date") and row.get("date") and _parse_any_date(row["date"]) != record["date"]:
            note = f"page date {record['date']} differs from manifest date {row['date']}; page kept"
            record["provenance_note"] = "; ".join(filter(None, [record["provenance_note"], note]))
    if not record["outlet"]:
        record["outlet"] = "unknown"
        run.say(record["source_file"], f"story {record['story']}: no outlet found; add a manifest row with its outlet",
                kind="no outlet found")
    elif record["outlet"] not in set(outlets["outlet"]):
        run.say_once(f"outlet:{record['outlet']}", record["source_file"], f"outlet '{record['outlet']}' is not in the outlet table; kept as written", level="info")
    if not record.get("date"):
        record["date"], record["date_source"] = None, "missing"
        run.say(record["source_file"], f"story {record['story']}: no date in the page or the manifest; kept with the date missing",
                kind="no date in the page or the manifest")
    return record


def _finish(run: _Run, manifest: pd.DataFrame, outlets: pd.DataFrame, raw_dir: Path | None = None) -> BuildResult:
    records = [_apply_manifest(r, manifest, run, outlets) for r in run.articles]
    records = [r for r in records if _has_body(r, run)]
    articles = articles_frame(records)
    groups = outlet_sections(articles["outlet"], load_outlet_aliases(raw_dir))
    articles.insert(articles.columns.get_loc("outlet") + 1, "outlet_group", groups["outlet_group"])
    articles.insert(articles.columns.get_loc("outlet_group") + 1, "section", groups["section"])
    articles.insert(articles.columns.get_loc("section") + 1, "opinion", opinion_pieces(articles["headline"], groups["section"]))
    sentences = sentences_frame(articles)
    counts = sentences.groupby("article_id").size()
    articles["n_sentences"] = articles["article_id"].map(counts).fillna(0).astype(int)
    for row in articles.itertuples():
        if row.language != "en":
            run.say(row.source_file, f"{row.article_id} does not look like English text; the lenses are built for English and may miss or misread it",
                    kind="not English text")
    removed = pd.concat([r for r in run.removed if len(r)] or [pd.DataFrame(columns=REMOVED_COLUMNS)], ignore_index=True)
    removed = removed.sort_values(["source_file", "line_no", "rule"], kind="stable").reset_index(drop=True)
    log = pd.DataFrame(run.log, columns=LOG_COLUMNS).astype(str).sort_values(["source_file", "line", "message"], kind="stable")
    run.say_repeats()
    return BuildResult(articles, sentences, removed, log.reset_index(drop=True))


def _has_body(record: dict, run: _Run) -> bool:
    if record.get("text", "").strip():
        return True
    run.say(record["source_file"], f"story {record['story']}: no article text left after cleaning; skipped — check the file",
            kind="no article text left after cleaning")
    return False


def articles_frame(records: list[dict]) -> pd.DataFrame:
    """The ``articles`` table from article records, sorted and with ids and counts."""
    frame = pd.DataFrame(records)
    for col in ARTICLE_COLUMNS:
        if col not in frame.columns:
            frame[col] = ""
    if frame.empty:
        return frame[ARTICLE_COLUMNS]
    frame["story"] = frame["story"].astype(int)
    frame = frame.sort_values(["source_file", "story"], kind="stable").reset_index(drop=True)
    frame["article_id"] = [f"{Path(s).stem}-{n}" for s, n in zip(frame["source_file"], frame["story"])]
    frame["n_words"] = frame["text"].map(lambda t: len(clean.words(t)))
    frame["language"] = [lang or guess_language(t) for lang, t in zip(frame["language"].fillna(""), frame["text"])]
    frame = frame.fillna({c: "" for c in ARTICLE_COLUMNS if c not in {"date", "n_words", "n_sentences", "story"}})
    frame["n_sentences"] = 0
    return frame[ARTICLE_COLUMNS]


def guess_language(text: str) -> str:
    """'en' when function words look English, else 'other' (a cheap check, no model).

    Example:
        >>> guess_language("The minister said that the troops would stay in the country."), guess_language("Der Minister sagte, dass die Truppen bleiben.")
        ('en', 'other')
    """
    return "en" if clean.stopword_ratio(text) >= MIN_ENGLISH_STOPWORD_RATIO or len(clean.words(text)) < 5 else "other"


def article_sentences(article_id: str, text: str) -> list[tuple]:
    """Sentence rows of one article: offsets into ``text``, with the paragraph index."""
    return [(article_id, i, p, s, e, text[s:e]) for i, (p, s, e) in enumerate(article_sentence_spans(text))]


def sentences_frame(articles: pd.DataFrame) -> pd.DataFrame:
    """The ``sentences`` table of an articles table (one row per sentence)."""
    rows = [row for a, t in zip(articles["article_id"], articles["text"]) for row in article_sentences(a, t)]
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def load_articles(raw_dir: str | Path, **kwargs) -> pd.DataFrame:
    """The articles table of a raw folder (see :func:`build_corpus` for the other tables)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build_corpus(raw_dir, **kwargs).articles
