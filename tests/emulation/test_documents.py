"""The ranking for the emulation council: the PDF in the Decree 30 layout and the Excel
annex, with the numbers of the page (the contest of conftest.py)."""

import datetime

import pytest
from django.urls import reverse

from tests.reports.conftest import pdf_text, workbook

from .conftest import HANOI

pytestmark = pytest.mark.django_db
Q1 = {"period": "q1", "year": 2026}
_ = "\xa0"


@pytest.fixture(autouse=True)
def read_on_2_april(time_machine):
    time_machine.move_to(datetime.datetime(2026, 4, 2, 9, 0, tzinfo=HANOI), tick=False)


def test_the_excel_annex_holds_the_ranking_as_on_the_page(contest, world, client_for):
    response = client_for(world.hn_leader).get(reverse("emulation:xlsx", args=[world.hn.pk]), Q1)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="thi-dua-t-hn-quy-i-2026.xlsx"'
    )
    sheet = workbook(response.content)["Kết quả chấm điểm"]
    rows = [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]
    titles = [row[0] for row in rows[:5]]
    assert titles == [
        "THÀNH PHỐ HÀ NỘI",
        "Phụ lục I",
        "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA QUÝ I/2026",
        # Unnumbered and undated: blanks (no-break spaces) the clerk fills in.
        f"(Kèm theo Báo cáo số {_ * 8}/BC-UBND ngày {_ * 3}/{_ * 3}/{_ * 4} của Thành phố Hà Nội)",
        "Quý I/2026 (từ ngày 15/12/2025 đến ngày 14/3/2026)",
    ]
    assert rows[5][:4] == ("STT", "Cơ quan, đơn vị", "Điểm theo tiêu chí", None)
    assert rows[6][2:7] == (
        "Nhiệm vụ (tối đa 40)",
        "Báo cáo (tối đa 20)",
        "Chỉ tiêu (tối đa 20)",
        "Minh chứng (tối đa 10)",
        "Không bị trả lại (tối đa 10)",
    )
    assert rows[7:11] == [
        (1, "Xã Kiều Phú", 37.39, 20, 10, 8.33, 7.89, 83.61, 1, "Hoàn thành tốt nhiệm vụ"),
        (2, "Xã Phúc Thọ", 5.22, 10, None, 10, 10, 44.03, 2, "Không hoàn thành nhiệm vụ"),
        (3, "Xã Tam Hiệp", 0, 0, None, None, None, 0, 3, "Không hoàn thành nhiệm vụ"),
        (4, "Xã Đông Phú", 0, 0, None, None, None, 0, 3, "Không hoàn thành nhiệm vụ"),
    ]
    assert sheet["C9"].value == 37.39 and sheet["C9"].number_format == "0.00"


def test_the_pdf_is_a_report_with_the_annex_table(contest, world, client_for):
    response = client_for(world.hn_leader).get(reverse("emulation:pdf", args=[world.hn.pk]), Q1)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "BÁO CÁO Kết quả chấm điểm thi đua quý I/2026" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "(Kỳ chấm điểm từ 15/12/2025 đến 14/3/2026)" in text
    # Signed as the city's reports are (its leader, for the chairman), sent to the council
    # and to those scored.
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    assert (
        "- Hội đồng Thi đua - Khen thưởng; - Các cơ quan, đơn vị được chấm điểm; - Lưu: VT." in text
    )
    assert (
        "Đã chấm điểm 4/4 cơ quan, đơn vị: hoàn thành xuất sắc nhiệm vụ: 0; hoàn thành tốt "
        "nhiệm vụ: 1; hoàn thành nhiệm vụ: 0; không hoàn thành nhiệm vụ: 3" in text
    )
    assert "Phụ lục I" in text
    assert "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA QUÝ I/2026" in text.upper()
    assert "1 Xã Kiều Phú 37,39 20,00 10,00 8,33 7,89 83,61 1 Hoàn thành tốt nhiệm vụ" in text
    assert "2 Xã Phúc Thọ 5,22 10,00 10,00 10,00 44,03 2" in text


def test_a_commune_cannot_download_the_citys_ranking(contest, world, client_for):
    client = client_for(world.kp_leader)
    for name in ("emulation:pdf", "emulation:xlsx"):
        assert client.get(reverse(name, args=[world.hn.pk]), Q1).status_code == 404
