"""The plan reader reads the seed plans (clean and OCR'd) and held-out plans of the same
anatomy that its rules were not written against. No database: the reader is plain Python."""

import dataclasses
import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planreader import PlanReading, document_text, read_plan
from planreader.header import issuer_from_preamble

from .conftest import SEEDS, held_out_document, held_out_names, seed_names
from .scoring import fold, mean_score, score


@pytest.mark.parametrize("name", seed_names())
def test_each_seed_plan_scores_at_least_nine_tenths(name, seed):
    text, gold = seed(name)
    got = read_plan(text).to_dict()
    assert mean_score(gold, got) >= 0.9, score(gold, got)


def test_the_seed_plans_score_at_least_nine_tenths_overall(seed):
    scores = [mean_score(gold, read_plan(text).to_dict()) for text, gold in map(seed, seed_names())]
    assert sum(scores) / len(scores) >= 0.9


def _held_out(name):
    path = held_out_document(name)
    text = document_text(path.read_bytes(), path.name)
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return read_plan(text).to_dict(), expected


@pytest.mark.parametrize("name", held_out_names())
def test_held_out_plans_score_fully_on_the_scorer_fields(name):
    got, expected = _held_out(name)
    assert mean_score(expected, got) == 1.0, score(expected, got)


@pytest.mark.parametrize("name", held_out_names())
def test_held_out_plans_give_header_roles_focal_point_and_signer(name):
    got, expected = _held_out(name)
    assert got["number"] == expected["number"]
    assert got["issued_on"] == expected["issued_on"]
    assert got["place"] == expected["place"]
    assert [a["role"] for a in got["assignments"]] == [a["role"] for a in expected["assignments"]]
    focal = [a["unit"] for a in got["assignments"] if a["focal"]]
    assert [fold(u) for u in focal] == [
        fold(a["unit"]) for a in expected["assignments"] if a.get("focal")
    ]
    assert got["signer"] == expected["signer"]
    for gold, basis in zip(expected["legal_bases"], got["legal_bases"], strict=True):
        assert (basis["kind"], basis["number"], basis["issued_on"]) == (
            gold["kind"],
            gold["number"],
            gold["issued_on"],
        )
        assert fold(basis["issuer"]) == fold(gold["issuer"])


@pytest.mark.parametrize("name", held_out_names())
def test_held_out_plans_give_forms_budget_sources_and_recipients(name):
    got, expected = _held_out(name)
    assert [f["code"] for f in got["forms"]] == expected["forms"]
    assert [b["source"] for b in got["budget"]] == [b["source"] for b in expected["budget"]]
    for gold, line in zip(expected["budget"], got["budget"], strict=True):
        if "amount" in gold:
            assert line["amount"] == gold["amount"]
    assert len(got["recipients"]) == len(expected["recipients"])
    assert fold(got["recipients"][-1]) == fold(expected["recipients"][-1])


def test_ocr_names_get_their_diacritics_back(seed):
    text, _ = seed("004_5f6748069cf486e8")
    got = read_plan(text)
    assert got.ocr is True
    units = [a.unit for a in got.assignments]
    assert "Phòng Văn hóa - Xã hội phường" in units
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam phường" in units
    assert got.sections[1].title == "NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN"
    assert got.signer.name == "Nguyễn Chiến Vương"
    assert got.legal_bases[1].kind == "Quyết định"
    assert got.legal_bases[1].number == "1169/QĐ-TTg"
    assert got.legal_bases[1].issued_on == datetime.date(2025, 6, 16)


def test_clean_text_is_kept_as_printed(seed):
    text, _ = seed("002_c9be10df9160e118")
    got = read_plan(text)
    assert got.ocr is False
    assert got.title.startswith("Tuyên truyền thực hiện Nghị quyết số 57-NQ/TW")
    assert got.signer.name == "Trương Việt Dũng"
    assert got.recipients[0] == "Thường trực Thành ủy;"
    assert got.purpose.startswith("- Tuyên truyền sâu rộng")
    assert got.closing.startswith("Trên đây là Kế hoạch")


SCHEMA_KEYS = {field.name for field in dataclasses.fields(PlanReading)}


def _assert_schema(reading):
    assert isinstance(reading, PlanReading)
    result = reading.to_dict()
    assert set(result) == SCHEMA_KEYS
    json.dumps(result)  # serialisable
    assert result["number"] is None or isinstance(result["number"], str)
    assert result["issued_on"] is None or len(result["issued_on"]) == 10
    for basis in result["legal_bases"]:
        assert {"kind", "number", "issued_on", "issuer"} <= set(basis)
    for section in result["sections"]:
        assert {"label", "title", "children"} <= set(section)
    for assignment in result["assignments"]:
        assert assignment["role"] in {"lead", "coordinate", "requested"}
        assert isinstance(assignment["tasks"], str)
    if result["signer"] is not None:
        assert set(result["signer"]) == {"authority", "on_behalf", "title", "name"}
    assert all(isinstance(r, str) for r in result["recipients"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_the_parser_never_raises_on_arbitrary_text(text):
    _assert_schema(read_plan(text))


_PLAN_WORDS = st.sampled_from(
    [
        "I.",
        "II.",
        "V.",
        "1.",
        "a)",
        "-",
        "Căn cứ",
        "Thực hiện",
        "Nghị quyết số",
        "57-NQ/TW",
        "ngày",
        "22/12/2024",
        "của",
        "KẾ HOẠCH",
        "Số:",
        "179/KH-UBND",
        "Nơi nhận:",
        "TM.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Đề nghị",
        "Phòng",
        "\n",
        "\n\n",
        "TỔ CHỨC THỰC HIỆN",
        "Lưu: VT.",
        "ngày 08 tháng 7 năm 2025",
        "Chủ trì",
        "Phối hợp",
        "s6",
        "ctia",
        "ỦY BAN",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PLAN_WORDS, st.text(max_size=12)), max_size=200))
def test_the_parser_never_raises_on_plan_shaped_noise(parts):
    _assert_schema(read_plan(" ".join(parts)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_parser_never_raises_on_damaged_seed_plans(data):
    name = data.draw(st.sampled_from(seed_names()))
    lines = (SEEDS / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    start = data.draw(st.integers(0, len(lines)))
    end = data.draw(st.integers(start, len(lines)))
    junk = data.draw(st.text(max_size=50))
    damaged = lines[:start] + [junk] + lines[end:]
    _assert_schema(read_plan("\n".join(damaged)))


@pytest.mark.parametrize(
    ("sentence", "issuer"),
    [
        (
            "Để triển khai hiệu quả, Sở Khoa học và Công nghệ ban hành Kế hoạch như sau:",
            "Sở Khoa học và Công nghệ",
        ),
        ("UBND xã Kiều Phú xây dựng Kế hoạch tuyên truyền như sau:", "Ủy ban nhân dân xã Kiều Phú"),
        ("Kế hoạch này được ban hành kèm theo Quyết định số 5/QĐ-UBND.", ""),
    ],
)
def test_the_issuer_is_read_from_the_sentence_that_issues_the_plan(sentence, issuer):
    assert issuer_from_preamble(sentence, ocr=False) == issuer


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("name", held_out_names())
def test_held_out_plans_damaged_like_ocr_still_score_nine_tenths(name, seed):
    from .ocr_noise import ocr_damage

    path = held_out_document(name)
    text = document_text(path.read_bytes(), path.name)
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    got = read_plan(ocr_damage(text, seed)).to_dict()
    assert mean_score(expected, got) >= 0.9, score(expected, got)
