"""The editor's widgets written in Python give the HTML of Django's own widget templates."""

import re

import pytest
from django import forms

from plans.widgets import QuickSelect, SharedChoices

CHOICES = [
    ("", "— Chọn —"),
    ("Đại chúng", [(1, "Báo <in>"), (2, "Truyền hình")]),
    (3, "Loa & đài"),
    ("Số", [(2, "Trùng giá trị"), (4, "Mạng xã hội")]),
]


def django_select(value):
    html = forms.Select(choices=CHOICES, attrs={"class": "form-select"}).render("form", value)
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("value", [None, "", 1, "2", 3, 4, 99])
def test_quick_select_writes_what_django_writes(value):
    quick = QuickSelect(choices=CHOICES, attrs={"class": "form-select"})
    assert quick.render("form", value) == django_select(value)


@pytest.mark.parametrize("value", [None, "", 2, 3])
def test_shared_choices_mark_the_selected_option_in_their_own_copy(value):
    shared = SharedChoices(CHOICES)
    rows = [QuickSelect(choices=shared, attrs={"class": "form-select"}) for _ in range(2)]
    assert rows[0].render("form", value) == django_select(value)
    assert rows[1].render("form", None) == django_select(None)  # the first row left no mark
