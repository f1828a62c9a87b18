"""What the reader returns: a plan as read from its document, in plain typed dataclasses.

`PlanReading.to_dict()` gives the importer's JSON schema (dates as YYYY-MM-DD), the one that
`manage.py import_plan --json` prints and the shared scorer reads.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Role = Literal["lead", "coordinate", "requested"]


@dataclass
class LegalBasisReading:
    """One cited document: «Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị»."""

    kind: str  # as the plan names it: «Nghị quyết», «Kế hoạch» … (vocabulary.KINDS)
    number: str
    issued_on: datetime.date | None = None
    issuer: str = ""
    verb: str = "Căn cứ"  # «Căn cứ» or «Thực hiện»


@dataclass
class SectionReading:
    """A numbered part of the body (I., 1., 1.1., a)) with its text and sub-parts."""

    label: str
    title: str
    kind: str = "text"  # purpose, forms, budget, assignments or text
    body: str = ""
    children: list["SectionReading"] = field(default_factory=list)


@dataclass
class AssignmentReading:
    """A unit's part in «Tổ chức thực hiện»: its tasks, role and duties."""

    unit: str
    role: Role = "lead"
    tasks: str = ""
    focal: bool = False  # the focal point that compiles results (đầu mối tổng hợp)
    reporting_duty: str = ""
    person: bool = False  # given to a person by title («Đồng chí Phó Chủ tịch UBND xã»)
    due_on: datetime.date | None = None


@dataclass
class SignerReading:
    authority: str = ""  # «TM. ỦY BAN NHÂN DÂN»
    on_behalf: str = ""  # «KT. CHỦ TỊCH»
    title: str = ""  # «PHÓ CHỦ TỊCH»
    name: str = ""


@dataclass
class FormMention:
    """An outreach form the plan names, by its catalogue code (plans/catalogue.py)."""

    code: str
    heading: str = ""
    description: str = ""


@dataclass
class BudgetLineReading:
    # city, commune, unit, socialised or other; None: an amount whose source the text does not
    # name (the issuer's own budget, decided where the issuer is known)
    source: str | None
    amount: int | None = None  # in đồng
    note: str = ""  # the words the line was read from


@dataclass
class TargetReading:
    """A target the text sets: «Trên 80% người trưởng thành có kỹ năng số cơ bản»."""

    indicator: str  # the sentence as the plan writes it
    value: Decimal
    measure: str = ""  # «%», «tin, bài», «buổi» …
    due_on: datetime.date | None = None


@dataclass
class PlanReading:
    number: str | None = None
    issued_on: datetime.date | None = None
    place: str = ""
    issuer: str = ""
    parent_issuer: str = ""
    title: str = ""
    legal_bases: list[LegalBasisReading] = field(default_factory=list)
    preamble: str = ""
    purpose: str = ""
    requirements: str = ""
    sections: list[SectionReading] = field(default_factory=list)
    forms: list[FormMention] = field(default_factory=list)
    budget: list[BudgetLineReading] = field(default_factory=list)
    targets: list[TargetReading] = field(default_factory=list)
    assignments: list[AssignmentReading] = field(default_factory=list)
    closing: str = ""
    signer: SignerReading | None = None
    recipients: list[str] = field(default_factory=list)
    ocr: bool = False  # the text lost its diacritics (OCR without a Vietnamese model)

    def to_dict(self) -> dict:
        """The importer's JSON schema: plain dicts and lists, dates as ISO strings."""
        return dataclasses.asdict(self, dict_factory=_json_dict)

    @property
    def recognised(self) -> bool:
        """Whether anything of a plan was read: numbered parts or assignments."""
        return bool(self.sections or self.assignments)


def _json_dict(pairs) -> dict:
    return {key: _json_value(value) for key, value in pairs}


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
