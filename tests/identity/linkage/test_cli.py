"""``mixflow link``, run as a user runs it: in a subprocess, on files made by someone else."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mixflow.identity.linkage import read_records


def _link(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    # No data directory may be touched: point it somewhere that must stay absent.
    env["MIXFLOW_DATA_DIR"] = str(cwd / "must-not-exist")
    return subprocess.run(
        [sys.executable, "-m", "mixflow", "link", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


HAND_WRITTEN = """record_id,given_name,family_name
1,Mohammed,Salah
2,Maxamed,Salah
3,Muhammad,Salah
4,Amina,Torres
5,Tesfay,Kidane
6,Tesfaye,Kidane
"""

FULL = """record_id,given_name,family_name,father_name,sex,date_of_birth,nationality,note
a1,Abdel Rahman,Osman,,male,1990-04-03,SDN,first visit
a2,Abd al-Rahman,Osman,,male,1990-03-04,SSD,second visit
b1,Fatima,Yusuf,Ali,female,1985-01-01,SOM,
b2,Faadumo,Ali,,female,1985,SOM,
c1,Kervens,Alexis,,male,1979-10-16,HTI,
d1,Amina,Torres,,female,2001-06-30,VEN,
"""


def test_dedupe_with_only_the_required_columns(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(HAND_WRITTEN, encoding="utf-8")
    done = _link("dedupe", "in.csv", "--out", "out.csv", "--review", "r.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "record_id,cluster_id"
    clusters = dict(line.split(",") for line in lines[1:])
    assert set(clusters) == {"1", "2", "3", "4", "5", "6"}
    # Names alone are weak evidence (namesakes are common): same-name pairs are linked or
    # sent for review, never left apart; different names are left apart.
    review = {tuple(line.split(",")[:2]) for line in (tmp_path / "r.csv").read_text().splitlines()}

    def together_or_review(x: str, y: str) -> bool:
        return clusters[x] == clusters[y] or (x, y) in review or (y, x) in review

    assert together_or_review("1", "2")
    assert together_or_review("1", "3")
    assert together_or_review("5", "6")
    assert not together_or_review("4", "1")
    assert clusters["4"] == "4"
    assert not (tmp_path / "must-not-exist").exists()
    # Six records are too few to estimate how many pairs are one person: the settings' own
    # share is used, and said in plain words.
    assert (
        "estimated from this file: 1 in 35 (settings 2 expect 1 in 35; a file can only make "
        "it rarer, never commoner)"
    ) in done.stdout
    # Nor what a shared site or another nationality says in this file (named as the review
    # page names them).
    for field in ("Site", "Nationality"):
        assert (
            f"{field} weighed as settings 2 weigh it (too few pairs in this file show it to "
            "read it from them)"
        ) in done.stdout


def test_dedupe_full_columns_review_and_evaluate(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(FULL, encoding="utf-8")
    done = _link("dedupe", "in.csv", "--out", "out.csv", "--review", "review.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "6 records" in done.stdout
    clusters = dict(line.split(",") for line in (tmp_path / "out.csv").read_text().splitlines()[1:])
    assert clusters["a1"] == clusters["a2"]  # day/month swapped, SDN/SSD confused
    assert clusters["c1"] != clusters["d1"]
    review = (tmp_path / "review.csv").read_text().splitlines()
    assert review[0] == "left_id,right_id,score,probability,explanation"
    # Faadumo = Fatima, the father's name taken for the family name, a year-only date: a pair
    # a person should look at, with the reasons.
    b_pair = [line for line in review if line.startswith("b1,b2,")]
    assert b_pair, review
    # In the review page's words, strongest first, each with its weight in bits.
    assert "Names: all the names of one record appear in the other (+" in b_pair[0]
    assert "Date of birth: " in b_pair[0]
    assert "name_set" not in b_pair[0]
    truth = "record_id,cluster_id\na1,P1\na2,P1\nb1,P2\nb2,P3\nc1,P4\nd1,P5\n"
    (tmp_path / "truth.csv").write_text(truth, encoding="utf-8")
    done = _link("evaluate", "out.csv", "truth.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "precision 1.0000" in done.stdout
    assert "recall    1.0000" in done.stdout
    assert "f1        1.0000" in done.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("given_name,family_name\nAli,Osman\n", "line 1: there is no record_id column"),
        ("record_id,sex\n1,male\n", "line 1: there is no name column"),
        ("record_id,given_name\n1,Ali\n2,Omar\n1,Hassan\n", "line 4: the record_id '1' appears"),
        ("record_id,given_name,date_of_birth\n1,Ali,1990-02-30\n", "line 2: date_of_birth"),
        ("record_id,given_name,date_of_birth\n1,Ali,03/04/1990\n", "line 2: date_of_birth"),
        ("record_id,given_name,nationality\n1,Ali,XYZ\n", "line 2: nationality 'XYZ'"),
        ("record_id,given_name,nationality\n1,Ali,Sudan\n", "line 2: nationality"),
        ("record_id,given_name,sex\n1,Ali,horse\n", "line 2: sex"),
        ("record_id,given_name\n,Ali\n", "line 2: the record_id is empty"),
    ],
)
def test_bad_input_names_the_line(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "in.csv").write_text(content, encoding="utf-8")
    done = _link("dedupe", "in.csv", "--out", "out.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("separator", [";", "\t"])
def test_semicolons_and_tabs_read_as_commas(tmp_path: Path, separator: str) -> None:
    # A spreadsheet saved as CSV under French or Spanish settings separates with semicolons;
    # a field holding the other separators stays one field.
    rows = [
        ["record_id", "given_name", "family_name", "date_of_birth", "nationality"],
        ["a1", "Aïcha", "Diallo, née Bah", "1990-02-01", "GIN"],
        ["a2", "Aicha", "Diallo; Bah", "1990", "gin"],
    ]
    comma = "\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in rows) + "\n"
    other = "\n".join(separator.join(f'"{c}"' if separator in c else c for c in r) for r in rows)
    (tmp_path / "comma.csv").write_text(comma, encoding="utf-8")
    (tmp_path / "other.csv").write_text(other + "\n", encoding="utf-8")
    got = list(read_records(tmp_path / "other.csv"))
    assert got == list(read_records(tmp_path / "comma.csv"))
    assert [r.family_name for r in got] == ["Diallo, née Bah", "Diallo; Bah"]
    assert [r.date_of_birth for r in got] == ["1990-02-01", "1990"]


def test_wrong_encoding_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_bytes("record_id,given_name\n1,Jos\xe9\n".encode("latin-1"))
    done = _link("dedupe", "in.csv", "--out", "out.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "not UTF-8" in done.stderr
    assert "Traceback" not in done.stderr
    done = _link("dedupe", "absent.csv", "--out", "out.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "cannot open" in done.stderr


def test_lenient_dates_and_settings_option(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(
        "record_id,given_name,family_name,date_of_birth\n1,Ali,Osman,1990-02-30\n"
        "2,Ali,Osman,1990-02\n",
        encoding="utf-8",
    )
    done = _link(
        "dedupe", "in.csv", "--out", "out.csv", "--lenient-dates", "--settings", "v1", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    done = _link("dedupe", "in.csv", "--out", "out.csv", "--settings", "nope.json", cwd=tmp_path)
    assert done.returncode == 2
    assert "no settings file" in done.stderr


def test_evaluate_bad_truth(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("record_id,cluster_id\n1,1\n", encoding="utf-8")
    (tmp_path / "t.csv").write_text("id,person\n1,1\n", encoding="utf-8")
    done = _link("evaluate", "c.csv", "t.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "record_id and cluster_id" in done.stderr


def test_fit_refuses_too_little_data_and_dedupe_says_why(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(HAND_WRITTEN, encoding="utf-8")
    refused = _link("fit", "in.csv", "--out", "s.json", cwd=tmp_path)
    assert refused.returncode == 2
    assert "too few" in refused.stderr
    assert not (tmp_path / "s.json").exists()
    done = _link("dedupe", "in.csv", "--out", "out.csv", "--fit", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "no fit:" in done.stderr
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count("\n") == 7


def test_help_names_the_settings_used_by_default(tmp_path: Path) -> None:
    from mixflow.identity.linkage.settings import DEFAULT

    shown = _link("dedupe", "--help", cwd=tmp_path)
    assert shown.returncode == 0
    assert f"default {DEFAULT}" in " ".join(shown.stdout.split())


def _registry(come_back: bool) -> str:
    """600 people, two registrations each, names from small pools (many namesakes): one
    person's two registrations are at one site where people ``come_back``, at two sites
    where each person passes each site once."""
    import random

    rng = random.Random(11)
    given = ["Amina", "Fatima", "Halima", "Maryam", "Zahra", "Aisha", "Khadija", "Hawa"]
    family = ["Ali", "Hassan", "Yusuf", "Omar", "Ibrahim", "Abdi", "Ahmed", "Osman", "Farah"]
    lines = ["record_id,given_name,family_name,sex,date_of_birth,nationality,site"]
    for p in range(600):
        name = f"{rng.choice(given)},{rng.choice(family)}"
        born = f"{rng.randint(1960, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        sites = rng.sample(range(1, 13), 2)
        for k in range(2):
            site = sites[0] if come_back else sites[k]
            date = born if rng.random() < 0.6 else born[:4]
            lines.append(f"p{p}-{k},{name},female,{date},SOM,S{site:02d}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("come_back", [True, False], ids=["people come back", "each site once"])
def test_dedupe_reads_what_a_shared_site_says_from_the_file(
    tmp_path: Path, come_back: bool
) -> None:
    (tmp_path / "in.csv").write_text(_registry(come_back), encoding="utf-8")
    done = _link("dedupe", "in.csv", "--out", "out.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("Site, weighed from"))
    # The levels in the review page's words, not the settings' names ("same site").
    assert "registered at different sites (" in line
    same = float(line.split("registered at the same site (")[1].split(" bits")[0])
    assert line.endswith("(settings 2: +0.0, +0.0)")
    if come_back:
        assert same > 1.5
    else:
        assert same < -1.5
    assert "Nationality, weighed from this file: different nationalities (" in done.stdout


def test_dedupe_keeps_the_site_weight_of_a_file_without_sites(tmp_path: Path) -> None:
    """A file with no site column (or every site blank) says nothing of sites: the shipped
    weight is kept, exactly, and said; the nationality is still read from it."""
    rows = _registry(True).splitlines()
    blank = [rows[0]] + [line.rsplit(",", 1)[0] + "," for line in rows[1:]]
    (tmp_path / "in.csv").write_text("\n".join(blank) + "\n", encoding="utf-8")
    done = _link("dedupe", "in.csv", "--out", "out.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Site weighed as settings 2 weigh it" in done.stdout
    assert "Site, weighed from this file" not in done.stdout


def test_the_summary_counts_in_words_that_agree_with_the_numbers(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(
        "record_id,given_name,family_name\n1,Ali,Rezai\n2,Ali,Rezai\n3,Omar,Haddad\n",
        encoding="utf-8",
    )
    done = _link("dedupe", "in.csv", "--out", "out.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "3 records → 2 clusters (1 link, 0 pairs to review, 1 pair compared)" in done.stdout
