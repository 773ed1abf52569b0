"""The full shared vector suite, one pytest case per vector case."""

import json
import shutil
from pathlib import Path

import pytest

import vectors

CASES = list(vectors.cases(vectors.vectors_dir()))


@pytest.mark.parametrize("check", [c[2] for c in CASES], ids=[f"{c[0]}::{c[1]}" for c in CASES])
def test_vector(check):
    check()


def test_every_case_of_the_manifest_runs():
    manifest = json.loads((vectors.vectors_dir() / "manifest.json").read_text(encoding="utf-8"))
    announced = sum(entry["cases"] for entry in manifest["files"].values())
    assert len(CASES) == announced


def test_unknown_file_is_a_failure_not_a_skip(tmp_path: Path, capsys):
    copy = tmp_path / "vectors"
    shutil.copytree(vectors.vectors_dir(), copy)
    (copy / "from_the_future.json").write_text("[]", encoding="utf-8")
    assert vectors.main(["vectors.py", str(copy)]) == 1
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == f"python: {len(CASES)} passed, 1 failed"


def test_unknown_case_field_is_a_failure(tmp_path: Path, capsys):
    copy = tmp_path / "vectors"
    shutil.copytree(vectors.vectors_dir(), copy)
    cases = json.loads((copy / "v2_sign.json").read_text(encoding="utf-8"))
    cases[0]["surprise"] = 1
    (copy / "v2_sign.json").write_text(json.dumps(cases), encoding="utf-8")
    assert vectors.main(["vectors.py", str(copy)]) == 1
    assert "unknown case fields ['surprise']" in capsys.readouterr().out
