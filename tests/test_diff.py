"""The semantic diff: changes reported node by node, by @id, in words for editors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.diff import (
    Report,
    diff_paths,
    git_head_dir,
    local_name,
    main,
    render_text,
)

from .conftest import ROOT

SEED = ROOT / "output" / "partnerstwa-lokalne-zoliborz.jsonld"
ID = "https://w3id.org/partnerstwa-lokalne/id/"


def _doc() -> dict:
    return json.loads(SEED.read_text("utf-8"))


def _node(doc: dict, *, name: str | None = None, id_end: str | None = None) -> dict:
    for node in doc["@graph"]:
        if name is not None and node.get("schema:name") == name:
            return node
        if id_end is not None and node["@id"].endswith(id_end):
            return node
    raise AssertionError(f"no node {name or id_end} in {SEED}")


def _write(path: Path, doc: dict) -> Path:
    """Written in another order and layout than emit's: the diff must not care."""
    doc = {**doc, "@graph": list(reversed(doc["@graph"]))}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _run(capsys, *argv) -> tuple[int, list[str], str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err


@pytest.fixture
def pair(tmp_path):
    """(OLD path, NEW document to edit, write NEW -> its path)."""
    old = tmp_path / "old" / SEED.name
    old.parent.mkdir()
    shutil.copy(SEED, old)
    new_dir = tmp_path / "new"
    new_dir.mkdir()
    return old, _doc(), lambda doc: _write(new_dir / SEED.name, doc)


def test_identical_files_exit_0_and_print_nothing(pair, capsys):
    old, doc, write = pair
    assert _run(capsys, old, old) == (0, [], "")
    # same meaning, other order and layout: still equal
    assert _run(capsys, old, write(doc)) == (0, [], "")


def test_a_changed_date_is_exactly_one_line(pair, capsys):
    old, doc, write = pair
    sady = _node(doc, name="Sady Żoliborskie")
    assert sady["schema:foundingDate"]["@value"] == "2014-10", "seed output changed"
    sady["schema:foundingDate"]["@value"] = "2014-11"
    code, lines, err = _run(capsys, old, write(doc))
    assert code == 1 and err == ""
    assert lines == ["partnership Sady Żoliborskie: foundingDate: 2014-10 → 2014-11"]


def test_founder_added_and_removed_by_name(pair, capsys):
    old, doc, write = pair
    fundacja = ID + "organization/fundacja-x"
    doc["@graph"].append({"@id": fundacja, "@type": "schema:NGO", "schema:name": "Fundacja X"})
    kaskada = _node(doc, name="Marymont-Kaskada")
    kept = [r for r in kaskada["schema:founder"] if not r["@id"].endswith("/ognisko-marymont")]
    assert len(kept) == len(kaskada["schema:founder"]) - 1
    kaskada["schema:founder"] = [*kept, {"@id": fundacja}]
    code, lines, _ = _run(capsys, old, write(doc))
    assert code == 1
    assert "partnership Marymont-Kaskada: founder + Fundacja X" in lines
    assert "partnership Marymont-Kaskada: founder − Ognisko Marymont" in lines
    assert f"+ organization Fundacja X <{fundacja}>" in lines
    # partnerships come before every other kind of node
    assert lines.index("partnership Marymont-Kaskada: founder + Fundacja X") < lines.index(
        f"+ organization Fundacja X <{fundacja}>"
    )


def test_street_removed_from_bounded_by_is_shown_by_name(pair, capsys):
    old, doc, write = pair
    area = _node(doc, id_end="/area/marymont-kaskada")
    area["lp:boundedBy"] = [r for r in area["lp:boundedBy"] if not r["@id"].endswith("-potocka")]
    code, lines, _ = _run(capsys, old, write(doc))
    assert (code, lines) == (1, ["area Marymont-Kaskada › areaServed: boundedBy − Potocka"])


def test_partnership_added_and_removed(pair, capsys):
    old, doc, write = pair
    gone = _node(doc, name="Sady Żoliborskie")
    doc["@graph"].remove(gone)
    new_id = ID + "partnership/nowe-partnerstwo"
    doc["@graph"].append(
        {
            "@id": new_id,
            "@type": ["lp:LocalPartnership", "schema:Organization"],
            "schema:name": "Nowe Partnerstwo",
        }
    )
    code, lines, _ = _run(capsys, old, write(doc))
    assert code == 1
    # its area node is untouched, so nothing else is reported
    assert lines == [
        f"+ partnership Nowe Partnerstwo <{new_id}>",
        f"− partnership Sady Żoliborskie <{gone['@id']}>",
    ]


def test_property_added_and_removed(pair, capsys):
    old, doc, write = pair
    sady = _node(doc, name="Sady Żoliborskie")
    del sady["lp:foundingOrdinal"]
    sady["schema:alternateName"] = ["Sady", "Sady Ż."]
    code, lines, _ = _run(capsys, old, write(doc))
    assert code == 1
    assert lines == [
        "partnership Sady Żoliborskie: alternateName added: Sady | Sady Ż.",
        "partnership Sady Żoliborskie: foundingOrdinal removed: 4",
    ]


def test_editor_values_are_marked_from_the_evidence_file(pair, capsys):
    old, doc, write = pair
    sady = _node(doc, name="Sady Żoliborskie")
    sady["schema:foundingDate"]["@value"] = "2014-11"
    rudawka = _node(doc, name="Dla Rudawki i Zatrasia")
    rudawka["schema:name"] = "Dla Zatrasia i Rudawki"
    new = write(doc)
    facts = [
        {
            "node": sady["@id"],
            "property": "schema:foundingDate",
            "value": "2014-11",
            "label": None,
            "quote": None,
            "start": None,
            "end": None,
            "element": None,
            "source": "editor",
            "override": "overrides/x.yaml#1",
        },
        # read from the page, not an editor's: no mark
        {
            "node": rudawka["@id"],
            "property": "schema:name",
            "value": "Dla Zatrasia i Rudawki",
            "label": None,
            "quote": "Dla Zatrasia i Rudawki",
            "start": 1,
            "end": 23,
            "element": None,
            "source": "page",
            "override": None,
        },
    ]
    evidence = {
        "version": 1,
        "page": "p",
        "name": new.stem,
        "text": "",
        "facts": facts,
        "flags": [],
        "overrides": [],
    }
    new.with_name("partnerstwa-lokalne-zoliborz.evidence.json").write_text(
        json.dumps(evidence), encoding="utf-8"
    )
    code, lines, _ = _run(capsys, old, new)
    assert code == 1
    assert lines == [
        "partnership Dla Zatrasia i Rudawki: name: Dla Rudawki i Zatrasia → Dla Zatrasia i Rudawki",
        "partnership Sady Żoliborskie: foundingDate: 2014-10 → 2014-11 (editor)",
    ]


def test_a_broken_evidence_file_is_an_error(pair, capsys):
    old, doc, write = pair
    new = write(doc)
    new.with_name("partnerstwa-lokalne-zoliborz.evidence.json").write_text("{", "utf-8")
    code, lines, err = _run(capsys, old, new)
    assert code == 2 and lines == []
    assert err.count("\n") == 1 and "evidence.json: not JSON" in err


def test_json_report_round_trips(pair, capsys):
    old, doc, write = pair
    _node(doc, name="Sady Żoliborskie")["schema:foundingDate"]["@value"] = "2014-11"
    area = _node(doc, id_end="/area/marymont-kaskada")
    area["lp:boundedBy"] = area["lp:boundedBy"][1:]
    new = write(doc)
    code = main(["--json", str(old), str(new)])
    text = capsys.readouterr().out
    assert code == 1
    data = json.loads(text)
    assert data["equal"] is False and data["mode"] == "files"
    change = data["pages"][0]["nodes"][0]["changes"][0]
    assert change["name"] == "foundingDate" and change["property"] == "schema:foundingDate"
    assert [change["old"][0]["value"], change["new"][0]["value"]] == ["2014-10", "2014-11"]
    assert change["new"][0]["datatype"] == "xsd:gYearMonth"
    report = Report.from_json(text)
    assert report == diff_paths(old, new)
    assert report.to_json() + "\n" == text
    assert render_text(report) == render_text(diff_paths(old, new))
    # equal sides: still a JSON object for tools, exit 0
    assert main(["--json", str(old), str(old)]) == 0
    assert json.loads(capsys.readouterr().out) == {"equal": True, "mode": "files", "pages": []}


def test_folder_mode_pairs_pages_by_name(tmp_path, capsys):
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    old_dir.mkdir()
    new_dir.mkdir()
    shutil.copy(SEED, old_dir / SEED.name)
    shutil.copy(SEED, new_dir / SEED.name)  # unchanged: not reported
    catalog = {
        "@context": {"dct": "http://purl.org/dc/terms/"},
        "@graph": [{"@id": ID + "catalog", "@type": "dcat:Catalog", "dct:title": "Katalog"}],
    }
    (old_dir / "catalog.jsonld").write_text(json.dumps(catalog), "utf-8")
    catalog["@graph"][0]["dct:title"] = "Katalog 2"
    (new_dir / "catalog.jsonld").write_text(json.dumps(catalog), "utf-8")
    page = {
        "@graph": [
            {
                "@id": ID + "partnership/p",
                "@type": "lp:LocalPartnership",
                "schema:name": "Partnerstwo P",
            }
        ]
    }
    (new_dir / "inna-strona.jsonld").write_text(json.dumps(page), "utf-8")
    (new_dir / "notes.json").write_text("not a page", "utf-8")  # not *.jsonld: ignored
    code, lines, err = _run(capsys, old_dir, new_dir, "--catalog")
    assert (code, err) == (1, "")
    assert lines == [
        "page catalog",
        "  catalog Katalog 2: title: Katalog → Katalog 2",
        "+ page inna-strona",
        f"  + partnership Partnerstwo P <{ID}partnership/p>",
    ]
    # by default the catalog (derived from the pages) is left out
    code, lines, err = _run(capsys, old_dir, new_dir)
    assert lines == ["+ page inna-strona", f"  + partnership Partnerstwo P <{ID}partnership/p>"]
    (new_dir / "inna-strona.jsonld").unlink()
    (new_dir / "catalog.jsonld").unlink()
    code, lines, _ = _run(capsys, old_dir, new_dir, "--catalog")
    assert code == 1 and lines == ["− page catalog", f"  − catalog Katalog <{ID}catalog>"]


def test_bad_arguments_and_unreadable_files_exit_2_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.jsonld"
    bad.write_text("{not json", "utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    for argv in (
        [SEED],  # one path
        [SEED, tmp_path / "missing.jsonld"],
        [SEED, bad],
        [SEED, folder],  # a file and a folder
        ["--color", "sometimes", SEED, SEED],
    ):
        code, lines, err = _run(capsys, *argv)
        assert code == 2 and lines == [], argv
        assert err.startswith("error: ") and err.count("\n") == 1, err


def test_colour_only_when_asked_or_on_a_terminal(pair, capsys):
    old, doc, write = pair
    _node(doc, name="Sady Żoliborskie")["schema:foundingDate"]["@value"] = "2014-11"
    new = write(doc)
    assert _run(capsys, "--color", "always", old, new)[1] == [
        "\033[33mpartnership Sady Żoliborskie: foundingDate: 2014-10 → 2014-11\033[0m"
    ]
    assert "\033[" not in "".join(_run(capsys, "--color", "never", old, new)[1])
    assert "\033[" not in "".join(_run(capsys, old, new)[1])  # captured: not a terminal


def test_local_names():
    assert local_name("schema:foundingDate") == "foundingDate"
    assert local_name("lp:boundedBy") == "boundedBy"
    assert local_name("@type") == "type"
    assert local_name("https://schema.org/name") == "name"
    assert local_name("http://www.w3.org/ns/org#changedBy") == "changedBy"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(var, raising=False)
    repo = tmp_path / "repo"
    (repo / "output").mkdir(parents=True)
    _git(repo, "init", "-q")
    _git(repo, "config", "user.name", "Test")
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "config", "commit.gpgsign", "false")
    shutil.copy(SEED, repo / "output" / SEED.name)
    _git(repo, "add", "output")
    _git(repo, "commit", "-q", "-m", "output")
    return repo


def test_git_head_compares_the_committed_folder_with_the_work_tree(repo, capsys):
    output = repo / "output"
    assert _run(capsys, "--git-head", output) == (0, [], "")
    doc = _doc()
    _node(doc, name="Sady Żoliborskie")["schema:foundingDate"]["@value"] = "2014-11"
    _write(output / SEED.name, doc)
    code, lines, _ = _run(capsys, "--git-head", output)
    assert code == 1
    assert lines == [
        "page partnerstwa-lokalne-zoliborz",
        "  partnership Sady Żoliborskie: foundingDate: 2014-10 → 2014-11",
    ]
    # one file works too
    code, lines, _ = _run(capsys, "--git-head", output / SEED.name)
    assert (code, lines) == (1, ["partnership Sady Żoliborskie: foundingDate: 2014-10 → 2014-11"])


def test_git_head_dir_materialises_the_commit(repo, tmp_path):
    output = repo / "output"
    (output / SEED.name).write_text("changed in the work tree", "utf-8")
    into = tmp_path / "head"
    got = git_head_dir(output, repo, into=into)
    assert got == into / "output"
    assert (got / SEED.name).read_bytes() == SEED.read_bytes()
    # a folder not in the commit comes back empty
    (repo / "later").mkdir()
    empty = git_head_dir(repo / "later", repo, into=tmp_path / "head2")
    assert empty.is_dir() and list(empty.iterdir()) == []


def test_git_head_outside_a_repository_is_an_error(tmp_path, capsys):
    folder = tmp_path / "not-a-repo"
    folder.mkdir()
    code, lines, err = _run(capsys, "--git-head", folder)
    assert code == 2 and lines == [] and err.startswith("error: git ")
