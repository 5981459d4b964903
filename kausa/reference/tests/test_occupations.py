"""Tests of the training-occupation reference data against real facts. Plain pytest, no Django."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import subprocess
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from kausa.reference import occupations
from kausa.reference.build import build_occupations as build
from kausa.reference.build import occupation_diff
from kausa.reference.occupations import Occupation

RANKING_ROWS = 289  # rows of the DAZUBI 2024 ranking transcription


def _by_name() -> dict[str, Occupation]:
    return {occupation.name: occupation for occupation in occupations.all()}


def _shipped_kldb() -> dict[str, int]:
    text = resources.files("kausa.reference.data").joinpath("kldb2010.csv").read_text("utf-8")
    return {row["code"]: int(row["level"]) for row in csv.DictReader(io.StringIO(text))}


def test_size_of_the_list():
    assert 280 <= len(occupations.all()) <= 400


def test_keys_and_names_are_unique_and_keys_are_ascii_slugs():
    items = occupations.all()
    assert len({o.key for o in items}) == len(items)
    assert len({o.name for o in items}) == len(items)
    for occupation in items:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", occupation.key), occupation.key
        assert occupation.key == build.slugify(occupation.name)
        assert occupations.get(occupation.key) is occupation


def test_all_is_sorted_by_name():
    names = [o.name for o in occupations.all()]
    assert names == sorted(names, key=build.collation_key)
    assert names[0] == "Änderungsschneider/-in"  # umlauts sort with their base letter


def test_codes_are_level_5_codes_of_the_kldb_at_skill_level_2():
    kldb = _shipped_kldb()
    for occupation in occupations.all():
        code = occupation.kldb_code
        assert re.fullmatch(r"[0-9]{5}", code), occupation
        assert kldb.get(code) == 5, occupation
        assert code.endswith("2"), occupation
        assert occupations.kldb_title(code), occupation
        assert occupation in occupations.by_kldb_code(code)


def test_durations_bodies_and_figures_are_valid():
    for occupation in occupations.all():
        assert occupation.duration_months in {24, 36, 42}, occupation
        assert occupation.competent_body in occupations.COMPETENT_BODIES, occupation
        assert (occupation.new_contracts_2024 is None) == (occupation.male_share_pct is None)
        if occupation.new_contracts_2024 is not None:
            assert occupation.new_contracts_2024 > 0
            assert occupation.male_share_pct is not None
            assert 0.0 <= occupation.male_share_pct <= 100.0


@pytest.mark.parametrize(
    ("name", "duration", "body", "code"),
    [
        ("Kraftfahrzeugmechatroniker/-in", 42, "HWK", "25212"),
        ("Kaufmann/-frau für Büromanagement", 36, "IHK", "71402"),
        ("Verkäufer/-in", 24, "IHK", "62102"),
        ("Kaufmann/-frau im Einzelhandel", 36, "IHK", "62102"),
        ("Medizinische/-r Fachangestellte/-r", 36, "other", "81102"),
        ("Zahnmedizinische/-r Fachangestellte/-r", 36, "other", "81112"),
        ("Tiermedizinische/-r Fachangestellte/-r", 36, "other", "81142"),
        ("Friseur/-in", 36, "HWK", "82312"),
        ("Fachkraft für Lagerlogistik", 36, "IHK", "51312"),
        ("Fachlagerist/-in", 24, "IHK", "51312"),
        ("Fachinformatiker/-in", 36, "IHK", "43102"),
        ("Elektroniker/-in", 42, "HWK", "26212"),
        ("Industriemechaniker/-in", 42, "IHK", "25102"),
        ("Anlagenmechaniker/-in für Sanitär-, Heizungs- und Klimatechnik", 42, "HWK", "34212"),
        ("Maschinen- und Anlagenführer/-in", 24, "IHK", "25122"),
        ("Steuerfachangestellte/-r", 36, "other", "72302"),
        ("Landwirt/-in", 36, "other", "11102"),
        ("Koch/Köchin", 36, "IHK", "29302"),
        ("Bauzeichner/-in", 36, "IHK", "27212"),
    ],
)
def test_known_facts(name: str, duration: int, body: str, code: str):
    occupation = _by_name()[name]
    assert occupation.duration_months == duration
    assert occupation.competent_body == body
    assert occupation.kldb_code == code


def test_ranking_figures_of_known_occupations():
    kfz = occupations.get("kraftfahrzeugmechatroniker-in")
    assert kfz is not None
    assert kfz.new_contracts_2024 == 25221
    assert kfz.male_share_pct == pytest.approx(93.8)
    # Typo in the ranking ("Zahnmedizinischer ...") is mapped to the BIBB spelling.
    zfa = _by_name()["Zahnmedizinische/-r Fachangestellte/-r"]
    assert zfa.new_contracts_2024 == 16542
    # Occupations added beyond the ranking have no figures.
    bauten = _by_name()["Bauten- und Objektbeschichter/-in"]
    assert bauten.new_contracts_2024 is None
    assert bauten.male_share_pct is None


def test_small_occupations_beyond_the_ranking_are_included():
    names = _by_name()
    for name in [
        "Glasapparatebauer/-in",
        "Bootsbauer/-in",
        "Orgelbauer/-in",
        "Böttcher/-in",
        "Pferdewirt/-in",
        "Revierjäger/-in",
        "Tierpfleger/-in",
        "Binnenschiffer/-in",
    ]:
        assert name in names


def test_abolished_and_school_based_occupations_are_left_out():
    names = _by_name()
    for name in [
        "Informatikkaufmann/-frau",
        "Kaufmann/-frau für Bürokommunikation",
        "Pflegefachmann/-frau",
        "Erzieher/-in",
    ]:
        assert name not in names


def test_occupation_is_frozen():
    occupation = occupations.all()[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        occupation.name = "x"  # type: ignore[misc]


def test_get_and_by_kldb_code_for_unknown_values():
    assert occupations.get("no-such-occupation") is None
    assert occupations.by_kldb_code("99999") == ()
    assert occupations.kldb_title("99999") is None


def test_by_kldb_code_groups_occupations():
    names = {o.name for o in occupations.by_kldb_code("62102")}
    assert names == {"Verkäufer/-in", "Kaufmann/-frau im Einzelhandel"}


def test_kldb_titles():
    assert occupations.kldb_title("2") == "Rohstoffgewinnung, Produktion und Fertigung"
    assert occupations.kldb_title("2521") == "Berufe in der Kraftfahrzeugtechnik"
    assert occupations.kldb_title("25212") == (
        "Berufe in der Kraftfahrzeugtechnik – fachlich ausgerichtete Tätigkeiten"
    )


def test_kldb_ancestors():
    assert occupations.kldb_ancestors("25212") == ("2", "25", "252", "2521")
    assert occupations.kldb_ancestors("01302") == ("0", "01", "013", "0130")
    assert occupations.kldb_ancestors("252") == ("2", "25")
    assert occupations.kldb_ancestors("2") == ()
    for ancestor in occupations.kldb_ancestors("81112"):
        assert occupations.kldb_title(ancestor)
    with pytest.raises(ValueError, match="not a KldB 2010 code"):
        occupations.kldb_ancestors("99999")


@pytest.mark.parametrize(
    ("code_a", "code_b", "expected"),
    [
        ("25212", "25212", 4),  # same code
        ("25212", "25213", 4),  # same Berufsuntergruppe, other skill level
        ("62102", "62102", 4),  # Verkäufer/-in and Kaufmann/-frau im Einzelhandel
        ("25212", "25222", 3),  # Kfz-Mechatronik vs Land- und Baumaschinenmechatronik
        ("26212", "26252", 3),  # Elektroniker/-in vs Elektroniker/-in für Betriebstechnik
        ("26112", "26212", 2),  # Mechatronik vs Bauelektrik
        ("25212", "24232", 1),  # Kfz vs Zerspanung: same Berufsbereich only
        ("25212", "81102", 0),  # Kfz vs Medizinische Fachangestellte
    ],
)
def test_relatedness(code_a: str, code_b: str, expected: int):
    assert occupations.relatedness(code_a, code_b) == expected
    assert occupations.relatedness(code_b, code_a) == expected


def test_relatedness_of_real_occupations():
    names = _by_name()

    def rel(a: str, b: str) -> int:
        return occupations.relatedness(names[a].kldb_code, names[b].kldb_code)

    assert rel("Fachkraft für Lagerlogistik", "Fachlagerist/-in") == 4
    assert rel("Kraftfahrzeugmechatroniker/-in", "Zweiradmechatroniker/-in") == 3
    assert rel("Bäcker/-in", "Konditor/-in") == 4
    assert rel("Friseur/-in", "Fachinformatiker/-in") == 0


@pytest.mark.parametrize("bad", ["2521", "252123", "2521x", "", None, 25212])
def test_relatedness_rejects_malformed_codes(bad):
    with pytest.raises(ValueError, match="five-digit"):
        occupations.relatedness(bad, "25212")
    with pytest.raises(ValueError, match="five-digit"):
        occupations.relatedness("25212", bad)


def test_shipped_table_matches_the_curated_source():
    kldb = build.load_kldb(build.KLDB_CSV)
    source = build.load_source(build.SOURCE_CSV, kldb)
    shipped = {o.key: o for o in occupations.all()}
    assert len(source) == len(shipped)
    for row in source:
        occupation = shipped[build.slugify(row.name)]
        assert occupation.name == row.name
        assert occupation.kldb_code == row.kldb_code
        assert occupation.duration_months == row.duration_months
        assert occupation.competent_body == row.competent_body
        assert occupation.new_contracts_2024 == row.new_contracts_2024
        assert occupation.male_share_pct == row.male_share_pct
        assert occupation.valid_from == row.valid_from
        assert occupation.valid_to == row.valid_to
        assert (occupation.successor or "") == row.successor


def test_shipped_kldb_is_the_full_hierarchy():
    kldb = _shipped_kldb()
    assert len(kldb) == 2195
    assert {level: sum(1 for v in kldb.values() if v == level) for level in range(1, 6)} == {
        1: 10,
        2: 37,
        3: 144,
        4: 703,
        5: 1301,
    }
    for code, level in kldb.items():
        assert len(code) == level
        if level > 1:
            assert code[:-1] in kldb


def test_every_ranking_row_is_accounted_for_in_the_shipped_data():
    ranked = [o for o in occupations.all() if o.new_contracts_2024 is not None]
    assert len(ranked) + len(build.RANKING_EXCLUSIONS) == RANKING_ROWS
    names = _by_name()
    for alias, target in build.RANKING_ALIASES.items():
        assert alias not in names
        assert names[target].new_contracts_2024 is not None
    for name, reason in build.RANKING_EXCLUSIONS.items():
        assert name not in names
        assert reason.strip()


@pytest.mark.skipif(
    not build.DEFAULT_DAZUBI.is_file() or not build.DEFAULT_KLDB.is_file(),
    reason="shared/reference/occupations inputs not available beside the repository",
)
def test_every_dazubi_name_is_accounted_for():
    ranking = build.load_ranking(build.DEFAULT_DAZUBI)
    assert len(ranking) == RANKING_ROWS
    names = _by_name()
    for entry in ranking:
        if entry.occupation in build.RANKING_EXCLUSIONS:
            continue
        target = build.RANKING_ALIASES.get(entry.occupation, entry.occupation)
        assert target in names, entry.occupation
        occupation = names[target]
        assert occupation.new_contracts_2024 == entry.new_contracts_2024
        assert occupation.male_share_pct == pytest.approx(entry.male_share_pct)
    # The full validation of the build passes without writing anything.
    stats = build.build(build.DEFAULT_KLDB, build.DEFAULT_DAZUBI, write=False)
    assert stats["total"] == len(names)
    assert stats["ranked"] + stats["excluded"] == RANKING_ROWS


def test_build_rejects_a_bad_table(tmp_path):
    kldb = build.load_kldb(build.KLDB_CSV)
    good = build.SOURCE_CSV.read_text(encoding="utf-8").splitlines()
    cases = {
        "25213": "skill level",  # exists, but specialist level
        "25219": "not a level-5 code",  # does not exist
        "2521": "not a 5-digit code",
    }
    for bad_code, message in cases.items():
        lines = [good[0], good[1].replace(",25212,", f",{bad_code},", 1)]
        path = tmp_path / "table.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(build.BuildError, match=message):
            build.load_source(path, kldb)
    duplicate = tmp_path / "dup.csv"
    duplicate.write_text("\n".join([good[0], good[1], good[1]]) + "\n", encoding="utf-8")
    with pytest.raises(build.BuildError, match="duplicate name"):
        build.load_source(duplicate, kldb)
    duration = tmp_path / "duration.csv"
    duration.write_text(
        "\n".join([good[0], good[1].replace(",42,", ",18,", 1)]) + "\n", encoding="utf-8"
    )
    with pytest.raises(build.BuildError, match="duration 18"):
        build.load_source(duration, kldb)


def test_module_imports_without_django():
    code = (
        "import sys; import kausa.reference.occupations as o; o.all(); o.kldb_title('2'); "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603 - fixed command


# --- Validity and successors (the 2025/2026 changes) -------------------------------------


def _key(name: str) -> str:
    return build.slugify(name)


@pytest.mark.parametrize(
    ("old", "new", "last_day", "first_day"),
    [
        ("Goldschmied/-in", "Gold- und Silberschmied/-in", date(2025, 7, 31), date(2025, 8, 1)),
        ("Silberschmied/-in", "Gold- und Silberschmied/-in", date(2025, 7, 31), date(2025, 8, 1)),
        (
            "Kanalbauer/-in",
            "Kanalbauer/-in für Infrastrukturtechnik",
            date(2026, 7, 31),
            date(2026, 8, 1),
        ),
        (
            "Rohrleitungsbauer/-in",
            "Leitungsbauer/-in für Infrastrukturtechnik",
            date(2026, 7, 31),
            date(2026, 8, 1),
        ),
    ],
)
def test_replaced_occupations_stay_with_their_successor(old, new, last_day, first_day):
    names = _by_name()
    replaced, successor = names[old], names[new]
    assert replaced.valid_to == last_day
    assert replaced.successor == successor.key
    assert successor.valid_from == first_day
    assert successor.valid_to is None and successor.successor is None
    assert occupations.successor_of(replaced.key) == successor
    assert occupations.successor_of(successor.key) is None
    assert replaced in occupations.predecessors_of(successor.key)
    # The successor keeps the code and duration of what it replaces, so matching is unchanged.
    assert successor.kldb_code == replaced.kldb_code
    assert successor.duration_months == replaced.duration_months


def test_gold_and_silversmith_merges_exactly_two_occupations():
    merged = occupations.predecessors_of(_key("Gold- und Silberschmied/-in"))
    assert [o.name for o in merged] == ["Goldschmied/-in", "Silberschmied/-in"]
    gold = _by_name()["Gold- und Silberschmied/-in"]
    assert (gold.duration_months, gold.competent_body, gold.kldb_code) == (42, "HWK", "93522")


@pytest.mark.parametrize(
    ("name", "duration", "body"),
    [
        ("Edelsteinfasser/-in", 42, "IHK"),
        ("Feinpolierer/-in", 36, "IHK"),
        ("Werkgehilfe/-in", 36, "IHK"),
        ("Fachkraft für Speiseeis", 36, "HWK"),
        ("Kanalbauer/-in für Infrastrukturtechnik", 36, "IHK"),
        ("Leitungsbauer/-in für Infrastrukturtechnik", 36, "IHK"),
        # Recognised under the BBiG only: not a chamber-of-crafts occupation.
        ("Trockenbaumonteur/-in", 36, "IHK"),
        ("Gleisbauer/-in", 36, "IHK"),
    ],
)
def test_added_and_corrected_occupations(name, duration, body):
    occupation = _by_name()[name]
    assert occupation.duration_months == duration
    assert occupation.competent_body == body
    assert occupation.valid_to is None
    assert occupation in occupations.current(date(2026, 12, 7))


def test_current_excludes_replaced_occupations_and_respects_the_day():
    names = _by_name()
    today = occupations.current(date(2026, 12, 7))
    assert names["Goldschmied/-in"] not in today
    assert names["Kanalbauer/-in"] not in today
    assert names["Gold- und Silberschmied/-in"] in today
    assert names["Kanalbauer/-in für Infrastrukturtechnik"] in today
    assert len(today) == len(occupations.all()) - 4
    # The day before the 2026 change: the old construction occupations, not yet the new ones.
    before = occupations.current(date(2026, 7, 31))
    assert names["Kanalbauer/-in"] in before
    assert names["Kanalbauer/-in für Infrastrukturtechnik"] not in before
    assert names["Goldschmied/-in"] not in before
    early = occupations.current(date(2025, 7, 31))
    assert names["Goldschmied/-in"] in early
    assert names["Gold- und Silberschmied/-in"] not in early
    # all() still holds every occupation, replaced ones included, sorted as before.
    assert names["Goldschmied/-in"] in occupations.all()
    assert list(today) == [o for o in occupations.all() if o in today]
    assert set(occupations.current()) <= set(occupations.all())


def test_successor_of_follows_a_chain_and_stops_at_a_cycle(monkeypatch):
    def occupation(key: str, successor: str | None = None) -> Occupation:
        return Occupation(key, key, "25212", 36, "IHK", None, None, None, None, successor)

    table = {
        "a": occupation("a", "b"),
        "b": occupation("b", "c"),
        "c": occupation("c"),
        "x": occupation("x", "y"),
        "y": occupation("y", "x"),
    }
    monkeypatch.setattr(occupations, "_by_key", lambda: table)
    assert occupations.successor_of("a") == table["c"]
    assert occupations.successor_of("b") == table["c"]
    assert occupations.successor_of("c") is None
    assert occupations.successor_of("unknown") is None
    assert occupations.successor_of("x") in (table["x"], table["y"])  # terminates


def _table(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "table.csv"
    header = ",".join(build.SOURCE_HEADER)
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["Alt/-in,25212,36,IHK,,,,2025-13-01,,"], "not a date"),
        (["Alt/-in,25212,36,IHK,,,2025-08-01,2025-07-31,,"], "before valid_from"),
        (["Alt/-in,25212,36,IHK,,,,,neu-in,"], "needs the last day"),
        (["Alt/-in,25212,36,IHK,,,,2025-07-31,neu-in,"], "not a key of the table"),
        (["Alt/-in,25212,36,IHK,,,,2025-07-31,alt-in,"], "cannot succeed itself"),
        (
            [
                "Alt/-in,25212,36,IHK,,,,2025-07-31,neu-in,",
                "Neu/-in,25212,36,IHK,,,,2025-07-31,alt-in,",
            ],
            "cycle",
        ),
        (
            [
                "Alt/-in,25212,36,IHK,,,,2025-07-31,neu-in,",
                "Neu/-in,25212,36,IHK,,,,2024-07-31,,",
            ],
            "ends before",
        ),
    ],
)
def test_build_rejects_bad_validity_and_successors(tmp_path, rows, message):
    kldb = build.load_kldb(build.KLDB_CSV)
    with pytest.raises(build.BuildError, match=message):
        build.load_source(_table(tmp_path, *rows), kldb)


def test_build_accepts_a_replacement(tmp_path):
    kldb = build.load_kldb(build.KLDB_CSV)
    rows = build.load_source(
        _table(
            tmp_path,
            "Alt/-in,25212,36,IHK,,,,2025-07-31,neu-in,",
            "Neu/-in,25212,36,IHK,,,2025-08-01,,,",
        ),
        kldb,
    )
    written = {row["key"]: row for row in build.occupation_rows(rows)}
    assert written["alt-in"]["valid_to"] == "2025-07-31"
    assert written["alt-in"]["successor"] == "neu-in"
    assert written["neu-in"]["valid_from"] == "2025-08-01"
    assert list(written["neu-in"]) == build.OCCUPATIONS_HEADER


def _occupations_csv(path: Path, *rows: dict[str, str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=build.OCCUPATIONS_HEADER, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_diff_reports_added_removed_renamed_and_changed_fields(tmp_path):
    base = {"kldb_code": "25212", "duration_months": "36", "competent_body": "IHK"}
    old = _occupations_csv(
        tmp_path / "old.csv",
        {"key": "koch-koechin", "name": "Koch/Köchin", **base},
        {"key": "alt-in", "name": "Alt/-in", **base},
        {"key": "weg-in", "name": "Weg/-in", **base},
        {"key": "gleich-in", "name": "Gleich/-in", **base, "note": "old note"},
    )
    new = _occupations_csv(
        tmp_path / "new.csv",
        {"key": "koch-koechin", "name": "Koch / Köchin", **base, "duration_months": "42"},
        {
            "key": "alt-in",
            "name": "Alt/-in",
            **base,
            "competent_body": "HWK",
            "valid_to": "2026-07-31",
            "successor": "neu-in",
        },
        {"key": "neu-in", "name": "Neu/-in", **base, "valid_from": "2026-08-01"},
        {"key": "gleich-in", "name": "Gleich/-in", **base, "note": "new note"},
    )
    diff = occupation_diff.diff_files(old, new)
    assert diff.added == [("neu-in", "Neu/-in")]
    assert diff.removed == [("weg-in", "Weg/-in")]
    assert diff.renamed == [("koch-koechin", "Koch/Köchin", "Koch / Köchin")]
    assert {(c.key, c.field, c.old, c.new) for c in diff.changed} == {
        ("koch-koechin", "duration_months", "36", "42"),
        ("alt-in", "competent_body", "IHK", "HWK"),
        ("alt-in", "valid_to", "", "2026-07-31"),
        ("alt-in", "successor", "", "neu-in"),
    }  # a changed note is not a change of meaning
    lines = occupation_diff.report_lines(diff)
    assert lines[0].endswith("1 added, 1 removed, 1 renamed, 4 changed fields")
    assert any("removed: weg-in" in line and "WARNING" in line for line in lines)
    assert "  changed: alt-in: valid_to (empty) -> 2026-07-31" in lines
    assert occupation_diff.report_lines(occupation_diff.diff_files(new, new)) == [
        "Changes against the last occupations.csv: none"
    ]


def test_diff_reads_a_file_without_the_validity_columns_and_a_missing_file(tmp_path):
    old = tmp_path / "old.csv"
    old.write_text("key,name,kldb_code\nalt-in,Alt/-in,25212\n", encoding="utf-8")
    assert occupation_diff.read_rows(old) == [
        {"key": "alt-in", "name": "Alt/-in", "kldb_code": "25212"}
    ]
    assert occupation_diff.read_rows(tmp_path / "missing.csv") == []
    diff = occupation_diff.diff_rows(
        occupation_diff.read_rows(old),
        [{"key": "alt-in", "name": "Alt/-in", "kldb_code": "25212", "valid_to": "2026-07-31"}],
    )
    assert [(c.field, c.new) for c in diff.changed] == [("valid_to", "2026-07-31")]


@pytest.mark.skipif(
    not build.DEFAULT_DAZUBI.is_file() or not build.DEFAULT_KLDB.is_file(),
    reason="shared/reference/occupations inputs not available beside the repository",
)
def test_build_prints_the_changes_and_check_writes_nothing(tmp_path, capsys):
    target = tmp_path / "occupations.csv"
    shipped = build.OCCUPATIONS_CSV.read_text(encoding="utf-8").splitlines()
    # The last version without Gold- und Silberschmied/-in and with Goldschmied/-in still open.
    old_lines = [line for line in shipped if not line.startswith("gold-und-silberschmied-in,")]
    old_lines = [
        line.replace(",2025-07-31,gold-und-silberschmied-in,", ",,,")
        if line.startswith("goldschmied-in,")
        else line
        for line in old_lines
    ]
    target.write_text("\n".join(old_lines) + "\n", encoding="utf-8")
    before = target.read_text(encoding="utf-8")

    build.build(build.DEFAULT_KLDB, build.DEFAULT_DAZUBI, write=False, occupations_path=target)
    out = capsys.readouterr().out
    assert "1 added, 0 removed, 0 renamed, 2 changed fields" in out
    assert "added: gold-und-silberschmied-in (Gold- und Silberschmied/-in)" in out
    assert "changed: goldschmied-in: successor (empty) -> gold-und-silberschmied-in" in out
    assert target.read_text(encoding="utf-8") == before  # --check writes nothing

    build.build(build.DEFAULT_KLDB, build.DEFAULT_DAZUBI, write=True, occupations_path=target)
    assert target.read_text(encoding="utf-8") == build.OCCUPATIONS_CSV.read_text(encoding="utf-8")
    build.build(build.DEFAULT_KLDB, build.DEFAULT_DAZUBI, write=False, occupations_path=target)
    assert "Changes against the last occupations.csv: none" in capsys.readouterr().out
