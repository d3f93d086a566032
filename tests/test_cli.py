from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pipeline.cli import main
from pipeline.run import write_atomic

from .conftest import PAGES, ROOT

SEED = PAGES / "partnerstwa-lokalne-zoliborz.html"


def test_extract_writes_one_jsonld_per_page(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(SEED), "-o", str(out)]) == 0
    doc = json.loads((out / "partnerstwa-lokalne-zoliborz.jsonld").read_text("utf-8"))
    assert len([n for n in doc["@graph"] if "lp:LocalPartnership" in n.get("@type", [])]) == 4
    err = capsys.readouterr().err
    assert "1 pages" in err and "4 files written, 4 partnerships, 1 review flags, 0 failed" in err


def test_failures_are_one_line_each_and_the_rest_is_done(tmp_path, capsys):
    src = tmp_path / "in [stare] zażółć"
    src.mkdir()
    (src / "dobra strona.html").write_bytes(SEED.read_bytes())
    (src / "pusta.html").write_bytes(b"")
    (src / "zepsuty.html").write_bytes(b"<p>x</p>")
    (src / "zepsuty.meta.json").write_text("{not json", encoding="utf-8")
    (src / "notatki.csv").write_text("a,b\n", encoding="utf-8")  # not a page: skipped
    out = tmp_path / "out"
    code = main(["extract", str(src), str(tmp_path / "brak.html"), "-o", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    errors = [line for line in err if line.startswith("error: ")]
    assert len(errors) == 3
    assert any("pusta.html" in e and "empty file" in e for e in errors)
    assert any("zepsuty.meta.json" in e and "broken sidecar" in e for e in errors)
    assert any("brak.html" in e and "no such file" in e for e in errors)
    assert sorted(p.name for p in out.iterdir()) == [
        "catalog.jsonld",
        "dobra strona.evidence.json",
        "dobra strona.jsonld",
        "partnerships.csv",
    ]
    assert "Traceback" not in "\n".join(err)


def test_a_second_run_changes_no_byte(tmp_path):
    out = tmp_path / "out"
    main(["extract", str(PAGES), "-o", str(out), "-q"])
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    main(["extract", str(PAGES), "-o", str(out), "-q"])
    assert first == {p.name: p.read_bytes() for p in out.iterdir()}


def test_base_iri_is_configurable(tmp_path):
    out = tmp_path / "out"
    main(["extract", str(SEED), "-o", str(out), "--base-iri", "https://example.org/x/", "-q"])
    text = (out / "partnerstwa-lokalne-zoliborz.jsonld").read_text("utf-8")
    assert "https://example.org/x/partnership/" in text


def test_write_atomic_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "a.jsonld"
    write_atomic(target, "one\n")
    write_atomic(target, "two\n")
    assert target.read_text() == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.jsonld"]


def test_fsync_flushes_every_written_file_only_when_asked(tmp_path, monkeypatch):
    import os

    flushed = []
    monkeypatch.setattr(os, "fsync", lambda fd: flushed.append(fd))
    main(["extract", str(SEED), "-o", str(tmp_path / "a"), "-q", "--no-cache", "--jobs", "1"])
    assert flushed == []
    out = tmp_path / "b"
    main(["extract", str(SEED), "-o", str(out), "-q", "--no-cache", "--jobs", "1", "--fsync"])
    written = sorted(p.name for p in out.iterdir())
    assert len(written) >= 3  # the page's JSON-LD and evidence, the CSV, the catalog
    assert len(flushed) == len(written)


def test_module_entry_point_runs(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(SEED), "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert Path(tmp_path / "partnerstwa-lokalne-zoliborz.jsonld").exists()


def test_a_one_page_run_loads_only_what_it_needs(tmp_path):
    """No override file: neither the overrides module nor YAML; one process: no pool; the
    garbage collector is on after the imports, with what they made frozen."""
    code = (
        "import gc, os, sys\n"
        "from pipeline.cli import main\n"
        f"assert main(['extract', {str(SEED)!r}, '-o', {str(tmp_path)!r}, '-q', '--jobs', '1',"
        f" '--overrides', {str(tmp_path / 'overrides')!r}]) == 0\n"
        "for name in ('pipeline.overrides', 'yaml', 'concurrent.futures.process'):\n"
        "    assert name not in sys.modules, name\n"
        "assert gc.isenabled() and gc.get_freeze_count() > 0\n"
        "assert os.environ['OPENBLAS_NUM_THREADS'] == '1'\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=False
    )
    assert proc.returncode == 0, proc.stderr


def test_an_override_file_is_found_only_for_its_page(tmp_path):
    from pipeline.batch import _may_have_overrides

    (tmp_path / "strona [1].yaml").write_text("[]\n", encoding="utf-8")
    assert _may_have_overrides(tmp_path, "strona [1]")
    assert not _may_have_overrides(tmp_path, "strona")
    assert not _may_have_overrides(tmp_path / "brak", "strona [1]")
    assert not _may_have_overrides(tmp_path / "strona [1].yaml", "strona [1]")
    assert not _may_have_overrides(tmp_path, "strona [2]")
    (tmp_path / "strona [2].v1.yml").write_text("[]\n", encoding="utf-8")  # the folder changed
    assert _may_have_overrides(tmp_path, "strona [2]")
    assert _may_have_overrides(tmp_path, "strona [2].v1")
    assert not _may_have_overrides(tmp_path, "strona [2].v")


def test_an_unchanged_overrides_folder_is_listed_once(tmp_path):
    import os

    from pipeline.batch import _may_have_overrides

    hour_ago = 1_000_000_000 * (int(os.stat(tmp_path).st_mtime) - 3600)
    (tmp_path / "a.yaml").write_text("[]\n", encoding="utf-8")
    os.utime(tmp_path, ns=(hour_ago, hour_ago))
    assert _may_have_overrides(tmp_path, "a") and not _may_have_overrides(tmp_path, "b")
    (tmp_path / "b.yaml").write_text("[]\n", encoding="utf-8")
    os.utime(tmp_path, ns=(hour_ago, hour_ago))  # as if the change kept the folder's time
    assert not _may_have_overrides(tmp_path, "b")  # the listing of that time is reused
    os.utime(tmp_path, ns=(hour_ago + 1, hour_ago + 1))
    assert _may_have_overrides(tmp_path, "b")  # a new time: listed again


def test_teryt_ulic_gives_streets_their_codes(tmp_path):
    ulic = ROOT / "tests" / "data" / "teryt" / "ULIC_fixture.csv"
    assert main(["extract", str(SEED), "-o", str(tmp_path), "--teryt-ulic", str(ulic), "-q"]) == 0
    doc = json.loads((tmp_path / "partnerstwa-lokalne-zoliborz.jsonld").read_text("utf-8"))
    coded = [n for n in doc["@graph"] if "lp:terytSymUl" in n]
    assert coded and all(n["@type"] == "lp:Street" for n in coded)


def test_a_broken_ulic_file_is_one_clear_error(tmp_path, capsys):
    bad = tmp_path / "ULIC.csv"
    bad.write_text("WOJ;POW\n14;65\n", encoding="utf-8")
    assert main(["extract", str(SEED), "-o", str(tmp_path / "o"), "--teryt-ulic", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "ULIC.csv" in err[0] and "Traceback" not in err[0]


def test_other_forms_and_validate(tmp_path, capsys):
    out = tmp_path / "o"
    args = [
        "extract",
        str(SEED),
        "-o",
        str(out),
        "--format",
        "jsonld",
        "--format",
        "nquads",
        "--format",
        "turtle",
        "-q",
    ]
    assert main(args) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "catalog.jsonld",
        "partnerships.csv",
        "partnerstwa-lokalne-zoliborz.evidence.json",
        "partnerstwa-lokalne-zoliborz.jsonld",
        "partnerstwa-lokalne-zoliborz.nq",
        "partnerstwa-lokalne-zoliborz.ttl",
    ]
    assert main(["validate", str(out)]) == 0
    catalog = (out / "catalog.jsonld").read_text("utf-8")
    for name in names[1:]:
        assert (name in catalog) != name.endswith(".evidence.json")  # evidence is no distribution


def test_changing_one_date_in_raw_shows_as_exactly_that_change(tmp_path, capsys):
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    raw = tmp_path / "raw"
    raw.mkdir()
    html = SEED.read_text("utf-8")
    (raw / SEED.name).write_text(html, "utf-8")
    out = tmp_path / "output"
    assert main(["extract", str(raw), "-o", str(out), "-q"]) == 0
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "first"], check=True)
    assert main(["extract", str(raw), "-o", str(out), "-q"]) == 0
    capsys.readouterr()
    assert main(["diff", "--git-head", str(out)]) == 0  # a rerun with no change: nothing
    assert capsys.readouterr().out == ""
    (raw / SEED.name).write_text(html.replace("październiku 2014", "listopadzie 2014"), "utf-8")
    assert main(["extract", str(raw), "-o", str(out), "-q"]) == 0
    capsys.readouterr()
    assert main(["diff", "--git-head", str(out)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == [
        "page partnerstwa-lokalne-zoliborz",
        "  partnership Sady Żoliborskie: foundingDate: 2014-10 → 2014-11",
    ]


def test_an_editors_override_survives_extract_and_shows_in_diff(tmp_path, capsys):
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    raw, out, overrides = tmp_path / "raw", tmp_path / "output", tmp_path / "overrides"
    raw.mkdir()
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    extract = [
        "extract",
        str(raw),
        "-o",
        str(out),
        "--overrides",
        str(overrides),
        "-q",
        "--no-cache",
    ]
    assert main(extract) == 0
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "first"], check=True)
    overrides.mkdir()
    (overrides / "partnerstwa-lokalne-zoliborz.yaml").write_text(
        "- set: {node: partnership/dla-rudawki-i-zatrasia, property: schema:name,"
        " value: Dla Zatrasia i Rudawki}\n",
        encoding="utf-8",
    )
    for _ in range(2):  # it survives every extract
        assert main(extract) == 0
        doc = json.loads((out / "partnerstwa-lokalne-zoliborz.jsonld").read_text("utf-8"))
        names = [
            n.get("schema:name")
            for n in doc["@graph"]
            if "lp:LocalPartnership" in n.get("@type", [])
        ]
        assert "Dla Zatrasia i Rudawki" in names and "Dla Rudawki i Zatrasia" not in names
    evidence = json.loads((out / "partnerstwa-lokalne-zoliborz.evidence.json").read_text("utf-8"))
    assert any(
        f["source"] == "editor" and f["value"] == "Dla Zatrasia i Rudawki"
        for f in evidence["facts"]
    )
    capsys.readouterr()
    assert main(["diff", "--git-head", str(out)]) == 1
    report = capsys.readouterr().out
    assert "Dla Rudawki i Zatrasia → Dla Zatrasia i Rudawki (editor)" in report


def test_a_stale_override_is_reported_on_every_run(tmp_path, capsys):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "partnerstwa-lokalne-zoliborz.yaml").write_text(
        "- drop: {node: partnership/nie-ma-takiego}\n", encoding="utf-8"
    )
    for _ in range(2):
        assert (
            main(
                [
                    "extract",
                    str(SEED),
                    "-o",
                    str(tmp_path / "o"),
                    "--overrides",
                    str(overrides),
                    "-q",
                ]
            )
            == 0
        )
        err = capsys.readouterr().err
        assert "warning: " in err and "nie-ma-takiego" in err


def test_the_library_api_is_importable_without_the_command_line():
    code = (
        "import sys, pipeline\n"
        "assert 'pipeline.run' not in sys.modules\n"
        f"r = pipeline.extract_page(open({str(SEED)!r}, 'rb').read(), name='seed')\n"
        "assert len(r.records.partnerships) == 4 and r.jsonld and r.evidence['facts']\n"
        "assert 'pipeline.cli' not in sys.modules and 'pipeline.batch' not in sys.modules\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert proc.returncode == 0, proc.stderr


def test_outputs_are_readable_by_everyone_the_umask_allows(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.jsonld", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.jsonld").stat().st_mode) == 0o644


def test_corrections_reach_the_csv_and_the_catalog(tmp_path):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "partnerstwa-lokalne-zoliborz.yaml").write_text(
        "- set: {node: Sady Żoliborskie, property: schema:foundingDate, value: '1999-02'}\n",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    assert (
        main(
            [
                "extract",
                str(SEED),
                "-o",
                str(out),
                "--overrides",
                str(overrides),
                "-q",
                "--no-cache",
            ]
        )
        == 0
    )
    assert ",1999-02,month," in (out / "partnerships.csv").read_text("utf-8")
    catalog = json.loads((out / "catalog.jsonld").read_text("utf-8"))
    starts = [n["dcat:startDate"]["@value"] for n in catalog["@graph"] if "dcat:startDate" in n]
    assert starts == ["1999-02"]


def test_two_override_files_fail_their_page_only_with_the_cache_on(tmp_path, capsys):
    src = tmp_path / "strony"
    src.mkdir()
    (src / "jedna.html").write_bytes(SEED.read_bytes())
    (src / "druga.html").write_bytes(SEED.read_bytes())
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    for suffix in ("yaml", "json"):
        (overrides / f"jedna.{suffix}").write_text("[]", encoding="utf-8")
    argv = ["extract", str(src), "-o", str(tmp_path / "o"), "--overrides", str(overrides)]
    code = main([*argv, "--cache-dir", str(tmp_path / "cache"), "--jobs", "1"])
    errors = [e for e in capsys.readouterr().err.splitlines() if e.startswith("error: ")]
    assert code == 1
    assert len(errors) == 1 and "keep one override file per page" in errors[0]
    assert (tmp_path / "o" / "druga.jsonld").exists()
    assert not (tmp_path / "o" / "jedna.jsonld").exists()


def test_a_run_collects_young_objects_less_often_and_restores_the_collector():
    import gc

    from pipeline.batch import BATCH_GC_THRESHOLD, batch_collection

    before = gc.get_threshold()
    with batch_collection():
        assert gc.get_threshold()[0] == max(before[0], BATCH_GC_THRESHOLD)
        assert gc.get_threshold()[1:] == before[1:]
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
