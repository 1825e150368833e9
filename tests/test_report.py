"""`python -m analysis report --raw DIR --out DIR` on a user's folder: every output, readable HTML."""

from __future__ import annotations

import base64
import json
import re
import warnings
from html.parser import HTMLParser

import pytest

from analysis import paths, report
from analysis.__main__ import main

USER_ARTICLES = [
    {"outlet": "AP", "date": "2020-01-08", "title": "Iran fires missiles at US bases in Iraq",
     "text": "BAGHDAD (AP) — Iran fired more than a dozen ballistic missiles at two bases in Iraq housing US troops early "
             "Wednesday, officials said.\n\nThe Pentagon said the bases at Ain al-Asad and Irbil were targeted. "
             "\"We are assessing the damage,\" spokesman Jonathan Hoffman said in a statement.\n\n"
             "Iran's foreign minister Javad Zarif wrote on Twitter that Iran had taken proportionate measures in self-defense."},
    {"outlet": "Reuters", "date": "2020-01-08", "title": "Iran strikes back at U.S. with missile attack",
     "text": "Iran fired missiles at U.S.-led forces in Iraq on Wednesday in retaliation for the U.S. killing of "
             "Qassem Soleimani, officials said.\n\nNo casualties were reported, according to the Pentagon. "
             "Trump said \"All is well!\" in a post on Twitter.\n\nIraqi Prime Minister Adel Abdul Mahdi said Iran had informed him "
             "of the attack shortly before it began."},
    {"outlet": "RT", "date": "2020-01-09", "title": "Tehran says revenge for Soleimani has begun",
     "text": "Iran launched a missile strike against US bases in Iraq, a retaliation for the assassination of General "
             "Qassem Soleimani, Tehran said.\n\nThe Islamic Revolutionary Guard Corps claimed the attack was a \"slap in the face\" "
             "for Washington.\n\nUS officials claimed that no Americans were harmed."},
]


USER_ACTORS = """actor,kind,group,aliases,patterns,note
Jonathan Hoffman,person,US government,Jonathan Hoffman;Hoffman,Pentagon spokesman,A user's own row.
Iran,state,Iranian government and IRGC,Iran;Tehran,,
Qassem Soleimani,person,Iranian government and IRGC,Qassem Soleimani;Soleimani,,
"""


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[str] = []
        self.alts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img" and attrs.get("src", "").startswith("data:image/png;base64,"):
            self.images.append(attrs["src"])
            self.alts.append(attrs.get("alt") or "")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def _parse(path) -> _Images:
    parser = _Images()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def user_report(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    (raw / "export.jsonl").write_text("\n".join(json.dumps(a) for a in USER_ARTICLES) + "\n", encoding="utf-8")
    (raw / "actors.csv").write_text(USER_ACTORS, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    before = {p.name: p.stat().st_mtime_ns for p in paths.PROCESSED_DIR.glob("*.csv")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["report", "--raw", str(raw), "--out", str(out)]) == 0
    after = {p.name: p.stat().st_mtime_ns for p in paths.PROCESSED_DIR.glob("*.csv")}
    return out, before, after


def test_report_on_a_user_folder_writes_every_output(user_report):
    out, before, after = user_report
    assert (out / "processed" / "articles.csv").exists()
    assert (out / "processed" / "sentences.csv").exists()
    assert sorted(p.name for p in (out / "notebooks").glob("*.ipynb")) == [p.name for p in report.notebook_paths()]
    assert list((out / "figures").glob("*.png")) and list((out / "figures").glob("*.csv"))
    assert before == after, "a user's report must leave the bundled results untouched"


def test_html_pages_open_and_show_their_figures(user_report):
    out, _, _ = user_report
    index = _parse(out / "html" / "index.html")
    assert sorted(index.links) == sorted(f"{p.stem}.html" for p in report.notebook_paths())
    for link in index.links:
        page = _parse(out / "html" / link)
        assert page.images, f"{link} shows no figure"
        for src in page.images:
            assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
        # every figure says in words what it shows and where its data is, for readers who cannot see it
        assert all("figures/" in alt for alt in page.alts), f"{link}: a figure lacks its description"


def test_executed_user_notebooks_read_the_user_corpus(user_report):
    out, _, _ = user_report
    nb = json.loads((out / "notebooks" / "01-corpus.ipynb").read_text())
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and str(out / "processed") in "".join(injected[0]["source"])
    outputs = json.dumps(nb)
    assert "Iran fires missiles at US bases in Iraq" in outputs
    assert not re.search(r'"output_type": "error"', outputs)


def test_report_on_an_empty_folder_still_builds(tmp_path):
    (tmp_path / "raw").mkdir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["report", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "html" / "index.html").exists()


def test_a_users_own_actor_table_replaces_the_packaged_one(user_report):
    from analysis import io

    out, _, _ = user_report
    articles = io.read_csv(out / "processed" / "articles.csv")
    assert len(articles) == len(USER_ARTICLES), "actors.csv is a rule table, not an article"
    targets = io.read_csv(out / "processed" / "tone_targets.csv")
    assert "Jonathan Hoffman" in set(targets["actor"])
    assert not {"Donald Trump", "Adel Abdul Mahdi"} & set(targets["actor"]), "only the user's actors are matched"
