"""Synthetic data at city and national scale for the performance benchmark.

The country is made of the demo's own material: every province copies the demo's Hà Nội
skeleton (units.toml: its agencies and offices), every commune the shape of xã Kiều Phú
(offices, mass organisations, a community digital team, villages). Every province issues the
seed plan 179/KH-UBND (plan-hn-179.toml), its public-service centre the seed plan
50/KH-TTPVHCC, and every commune, for every year, an issued plan built like Kiều Phú's
(plan-kieuphu-2026.toml) that implements its province's plan and assigns its units. Units log
activities over the years, mostly approved; organisations report each finished quarter.

Rows are written with ids chosen here (`perf.bulk`), tree paths computed with treebeard's
own path functions, and everything drawn from one `random.Random(seed)` in a fixed order, so a
seed (with the same `until` on the same starting database) gives the same data.
"""

import datetime
import functools
import itertools
import math
import re
import time
import tomllib
import unicodedata
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from random import Random

from django.contrib.auth.hashers import make_password
from django.db import connection

import plans.demo
from activities.models import Activity, ActivityStatus, Evidence, EvidenceKind, TargetGroup
from plans.demo.load_plans import KIND_BY_LABEL, VERB_BY_LABEL
from plans.demo.load_units import DEMO_PASSWORD
from plans.models import (
    Assignment,
    AssignmentRole,
    BudgetLine,
    ContentSection,
    LegalBasis,
    LegalDocument,
    LegalDocumentKind,
    OutreachForm,
    Plan,
    PlanOutreachForm,
    PlanStatus,
    Target,
)
from plans.services import legal_document_register
from reports.models import PeriodKind, Report, ReportStatus
from reports.periods import due_date, period_containing, reporting_period
from units.models import Role, Unit, UnitKind, User
from units.search import folded_text

from . import vocabulary as words
from .bulk import BulkWriter

DEMO_DIR = Path(plans.demo.__file__).parent
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
CODE_PREFIX = "S"
SUPERUSER = "s.admin"
MIN_UNITS_PER_COMMUNE = len(words.COMMUNE_CORE_UNITS) + 1
# Share of the activities logged by the province's own agencies and offices.
PROVINCE_SHARE = 0.03
# Form categories whose activities usually come with a link to the post.
LINKED_CATEGORIES = {"digital", "mass_media"}
# A report's assessment parts, the same in every generated report.
REPORT_PARTS = (
    "Các đơn vị chủ động triển khai, nội dung bám sát Kế hoạch.",
    "Một số thôn cập nhật kết quả chưa kịp thời.",
    "Kinh phí còn hạn chế; trang thiết bị truyền thanh xuống cấp.",
    "Tiếp tục tổ chức các lớp “Bình dân học vụ số” tại các thôn.",
    "Đề nghị cấp trên hỗ trợ tài liệu tuyên truyền.",
)


@functools.lru_cache(maxsize=65536)
def _folded_part(text):
    return folded_text(text)


def folded(*parts):
    """`search_text` (units/search.py) of generated rows, which repeat the same titles,
    descriptions and places: each part is folded once."""
    return " ".join(filter(None, map(_folded_part, parts)))


@dataclass(frozen=True)
class ScaleOptions:
    provinces: int
    communes: int
    activities: int
    units_per_commune: int = 30
    years: int = 2
    seed: int = 1
    until: datetime.date = field(default_factory=datetime.date.today)
    # At least this many assignments in all: beyond the seed plans' own, each issued commune
    # plan gives every unit below the commune dated tasks of its own (monthly deliverables).
    assignments: int = 0

    @property
    def years_list(self):
        return list(range(self.until.year - self.years + 1, self.until.year + 1))

    @property
    def start(self):
        return datetime.date(self.years_list[0], 1, 1)


@dataclass
class Node:
    """A unit while the tree is built; written once complete."""

    id: int
    path: str
    code: str
    name: str
    kind: str
    is_organisation: bool = False
    organisation: "Node | None" = None
    full_name: str = ""
    short_name: str = ""
    header_parent: str = ""
    header_name: str = ""
    place_name: str = ""
    email: str = ""
    numchild: int = 0
    suffix: str = ""
    users: dict = field(default_factory=dict)

    @property
    def depth(self):
        return len(self.path) // Unit.steplen


@dataclass
class PlanInfo:
    id: int
    year: int | None
    number: int | None
    issued_on: datetime.date | None
    title: str
    assignments: list  # [(assignment id, unit Node or None, includes_subunits, kinds)]
    sections: list  # ids of the content sections an activity can cite

    def assignment_for(self, node):
        for assignment_id, unit, _, _ in self.assignments:
            if unit is node:
                return assignment_id
        for assignment_id, unit, group, kinds in self.assignments:
            covers = group and unit is not None and node.path.startswith(unit.path)
            if covers and (not kinds or node.kind in kinds):
                return assignment_id
        if node.kind == UnitKind.MASS_ORG:
            for assignment_id, unit, _, _ in self.assignments:
                if unit is not None and unit.kind == UnitKind.MASS_ORG:
                    return assignment_id
        return None


@dataclass
class Commune:
    node: Node
    province: "Province"
    level: str  # «xã» or «phường»
    place: str
    slug: str
    plans: dict = field(default_factory=dict)  # year → PlanInfo
    weight: float = 1.0


@dataclass
class Province:
    index: int
    node: Node
    name: str
    is_city: bool
    slug: str
    skeleton: dict = field(default_factory=dict)  # template suffix («SVHTT») → Node
    communes: list = field(default_factory=list)
    plan: PlanInfo | None = None
    agency_plan: PlanInfo | None = None
    plan_document_id: int | None = None


def slugify_vi(text):
    """«Kiều Phú» → «kieuphu», for e-mail and web addresses."""
    table = str.maketrans("đĐ", "dD")
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(table)).encode("ascii", "ignore").decode()
    )
    return re.sub(r"[^a-z0-9]+", "", ascii_text.lower())


class ScaleGenerator:
    def __init__(self, options: ScaleOptions, *, log=None):
        self.options = options
        self.rng = Random(options.seed)  # noqa: S311 (synthetic data, not secrets)
        self.log = log or (lambda message: None)
        self.now = datetime.datetime.combine(options.until, datetime.time(18, 0), tzinfo=TZ)
        self.writer = BulkWriter(connection, now=self.now)
        self.counts = {}
        # (organisation id, period kind, (year, index)) → approved activities
        self.approved = {}
        self.provinces = []
        self.nodes = []
        self.templates = {
            name: tomllib.loads((DEMO_DIR / f"{name}.toml").read_text(encoding="utf-8"))
            for name in ("units", "plan-hn-179", "plan-ttpvhcc-50", "plan-kieuphu-2026")
        }
        self.forms = dict(OutreachForm.objects.values_list("code", "id"))
        self.form_category = dict(OutreachForm.objects.values_list("code", "category"))
        self.groups = dict(TargetGroup.objects.values_list("code", "id"))
        self._tables()

    # ------------------------------------------------------------------ tables

    def _tables(self):
        w = self.writer
        self.t_unit = w.table(
            Unit,
            [
                "id", "path", "depth", "numchild", "code", "name", "full_name", "short_name",
                "kind", "is_organisation", "organisation_id", "header_parent", "header_name",
                "place_name", "email", "search_text",
            ],
        )  # fmt: skip
        self.t_user = w.table(
            User,
            [
                "id", "password", "username", "full_name", "email", "unit_id", "role",
                "position", "is_superuser", "is_staff", "is_active", "date_joined",
                "search_text",
            ],
        )  # fmt: skip
        self.t_plan = w.table(
            Plan,
            [
                "id", "issuer_id", "superior_plan_id", "number", "symbol", "year", "place",
                "issued_on", "title", "period_label", "period_start", "period_end", "status",
                "preamble", "purpose", "requirements", "closing", "signer_authority",
                "signer_on_behalf", "signer_title", "signer_name", "recipients",
                "created_by_id", "created_at", "updated_at", "search_text",
            ],
        )  # fmt: skip
        self.t_basis = w.table(LegalBasis, ["id", "plan_id", "document_id", "verb", "position"])
        self.t_section = w.table(
            ContentSection,
            ["id", "plan_id", "parent_id", "position", "label", "title", "body", "kind"],
        )
        self.t_plan_form = w.table(
            PlanOutreachForm, ["id", "plan_id", "form_id", "heading", "description", "position"]
        )
        self.t_assignment = w.table(
            Assignment,
            [
                "id", "plan_id", "unit_id", "label", "includes_subunits", "subunit_kinds",
                "role", "is_focal_point", "tasks", "due_date", "reporting_duty", "position",
            ],
        )  # fmt: skip
        self.t_budget = w.table(
            BudgetLine, ["id", "plan_id", "source", "amount", "note", "position"]
        )
        self.t_target = w.table(
            Target,
            [
                "id", "plan_id", "indicator", "measure", "target_value", "due_date", "metric",
                "form_id", "actual_value", "position",
            ],
        )  # fmt: skip
        self.t_activity = w.table(
            Activity,
            [
                "id", "unit_id", "plan_id", "assignment_id", "form_id", "date", "title",
                "description", "place", "quantity", "participants", "views", "interactions",
                "cost", "status", "review_comment", "reviewed_by_id", "reviewed_at",
                "created_by_id", "created_at", "updated_at", "search_text",
            ],
        )  # fmt: skip
        self.t_activity_groups = w.table(
            Activity.target_groups.through, ["id", "activity_id", "targetgroup_id"]
        )
        self.t_activity_sections = w.table(
            Activity.sections.through, ["id", "activity_id", "contentsection_id"]
        )
        self.t_evidence = w.table(
            Evidence,
            ["id", "activity_id", "kind", "url", "caption", "uploaded_by_id", "uploaded_at"],
        )
        self.t_report = w.table(
            Report,
            [
                "id", "organisation_id", "period_id", "plan_id", "number", "symbol",
                "issued_on", "place", "title", "addressee", "results", "strengths",
                "shortcomings", "difficulties", "next_tasks", "proposals", "figures", "status",
                "submitted_by_id", "submitted_at", "reviewed_by_id", "reviewed_at",
                "review_comment", "signer_authority", "signer_on_behalf", "signer_title",
                "signer_name", "created_at", "updated_at", "search_text",
            ],
        )  # fmt: skip

    # ------------------------------------------------------------------ run

    def run(self):
        steps = [
            ("đơn vị", self.build_units),
            ("người dùng", self.build_users),
            ("kế hoạch", self.build_plans),
            ("hoạt động", self.build_activities),
            ("báo cáo", self.build_reports),
        ]
        for label, step in steps:
            started = time.monotonic()
            step()
            self.log(f"  {label}: xong sau {time.monotonic() - started:.1f} s")
        self.writer.finish()
        self.counts = {table.model._meta.label: table.written for table in self.writer.tables}
        return self.counts

    # ------------------------------------------------------------------ units

    def _node(self, parent, step, **fields):
        path = Unit._get_path(
            parent.path if parent else None, parent.depth + 1 if parent else 1, step
        )
        node = Node(id=self.t_unit.next_id(), path=path, **fields)
        if node.is_organisation:
            node.organisation = node
        elif parent is not None:
            node.organisation = parent.organisation
        if parent is not None:
            parent.numchild += 1
        self.nodes.append(node)
        return node

    def build_units(self):
        last_root = (
            Unit.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
        )
        first_step = Unit._str2int(last_root) + 1 if last_root else 1
        for index in range(1, self.options.provinces + 1):
            self.provinces.append(self._province(index, first_step + index - 1))
        for node in self.nodes:
            self.t_unit.add(
                (
                    node.id, node.path, node.depth, node.numchild, node.code, node.name,
                    node.full_name, node.short_name, node.kind, node.is_organisation,
                    node.organisation.id if node.organisation else None, node.header_parent,
                    node.header_name, node.place_name, node.email,
                    folded(node.name, node.full_name, node.short_name, node.code, node.place_name),
                )
            )  # fmt: skip
        self.t_unit.flush()

    def _province(self, index, step):
        if index <= len(words.PROVINCES):
            name, is_city = words.PROVINCES[index - 1]
        else:
            name, is_city = f"Thử nghiệm {index}", False
        level = "Thành phố" if is_city else "Tỉnh"
        code = f"{CODE_PREFIX}{index:02d}"
        slug = slugify_vi(name)
        root = self._node(
            None,
            step,
            code=code,
            name=f"{level} {name}",
            full_name=f"Ủy ban nhân dân {level.lower()} {name}",
            short_name="UBND",
            kind=UnitKind.PROVINCE,
            is_organisation=True,
            header_name=f"ỦY BAN NHÂN DÂN\n{level.upper()} {name.upper()}",
            place_name=name,
            email=f"ubnd@{slug}.gov.vn",
        )
        province = Province(index=index, node=root, name=name, is_city=is_city, slug=slug)
        self._province_skeleton(province)
        width = max(3, len(str(self.options.communes)))
        used_names = set()
        for number in range(1, self.options.communes + 1):
            place = self._place_name(used_names)
            is_ward = self.rng.random() < 0.35
            commune_code = f"{code}-X{number:0{width}d}"
            province.communes.append(
                self._commune(province, commune_code, place, "phường" if is_ward else "xã")
            )
        return province

    def _province_skeleton(self, province):
        """The demo's Hà Nội agencies and offices (units.toml), renamed for the province."""
        rows = self.templates["units"]["units"]
        kept = {"HN": province.node}
        children = {}
        for row in rows:
            parent = kept.get(row.get("parent"))
            if parent is None or row["code"] == "HN" or row["kind"] == UnitKind.COMMUNE:
                continue
            children[parent.code] = children.get(parent.code, 0) + 1
            suffix = row["code"].removeprefix("HN-")
            node = self._node(
                parent,
                children[parent.code],
                code=f"{province.node.code}-{suffix}",
                name=self._localise(row["name"], province),
                full_name=self._localise(row.get("full_name", ""), province),
                short_name=row.get("short_name", ""),
                kind=row["kind"],
                is_organisation=row.get("is_organisation", False),
                header_parent=self._localise(row.get("header_parent", ""), province),
                header_name=self._localise(row.get("header_name", ""), province),
                place_name=province.name if row.get("place_name") else "",
                suffix=suffix,
            )
            kept[row["code"]] = node
            province.skeleton[suffix] = node

    def _localise(self, text, province):
        """Template text of Hà Nội, said of another province."""
        if not text or province.name == "Hà Nội":
            return text
        level = "thành phố" if province.is_city else "tỉnh"
        text = text.replace("thành phố Hà Nội", f"{level} {province.name}")
        text = text.replace("THÀNH PHỐ HÀ NỘI", f"{level.upper()} {province.name.upper()}")
        text = text.replace("Hà Nội", province.name).replace("HÀ NỘI", province.name.upper())
        if not province.is_city:
            text = text.replace("Thành phố", "Tỉnh").replace("THÀNH PHỐ", "TỈNH")
        return text

    def _place_name(self, used):
        for _ in range(20):
            name = " ".join(self.rng.sample(words.PLACE_SYLLABLES, 2))
            if name not in used:
                break
        used.add(name)
        return name

    def _commune(self, province, code, place, level):
        commune_node = self._node(
            province.node,
            province.node.numchild + 1,
            code=code,
            name=f"{level.capitalize()} {place}",
            full_name=f"Ủy ban nhân dân {level} {place}",
            short_name="UBND",
            kind=UnitKind.COMMUNE,
            is_organisation=True,
            header_name=f"ỦY BAN NHÂN DÂN\n{level.upper()} {place.upper()}",
            place_name=place,
            email=f"ubnd.{slugify_vi(place)}@{province.slug}.gov.vn",
        )
        commune = Commune(
            node=commune_node,
            province=province,
            level=level,
            place=place,
            slug=slugify_vi(place),
            weight=self.rng.uniform(0.4, 1.8),
        )
        size = self.options.units_per_commune
        villages = max(1, size - len(words.COMMUNE_CORE_UNITS) - len(words.COMMUNE_EXTRA_UNITS))
        fixed = (words.COMMUNE_CORE_UNITS + words.COMMUNE_EXTRA_UNITS)[: size - villages]
        for suffix, name, kind in fixed:
            self._node(
                commune_node,
                commune_node.numchild + 1,
                code=f"{code}-{suffix}",
                name=name.format(level=level, place=place),
                kind=kind,
                suffix=suffix,
            )
        used = {place}
        for number in range(1, villages + 1):
            village = (
                f"Tổ dân phố số {number}" if level == "phường" else f"Thôn {self._place_name(used)}"
            )
            self._node(
                commune_node,
                commune_node.numchild + 1,
                code=f"{code}-T{number}",
                name=village,
                kind=UnitKind.VILLAGE,
                suffix=f"T{number}",
            )
        return commune

    # ------------------------------------------------------------------ users

    def _person(self):
        rng = self.rng
        return " ".join(
            (
                rng.choice(words.FAMILY_NAMES),
                rng.choice(words.MIDDLE_NAMES),
                rng.choice(words.GIVEN_NAMES),
            )
        )

    def build_users(self):
        password = make_password(DEMO_PASSWORD)
        joined = datetime.datetime.combine(self.options.start, datetime.time(8), tzinfo=TZ)

        def add(username, node, role, position, *, superuser=False):
            user_id = self.t_user.next_id()
            name, email = self._person(), f"{username}@example.com"
            self.t_user.add(
                (
                    user_id, password, username, name, email, node.id if node else None, role,
                    position, superuser, superuser, True, joined,
                    folded(name, username, email, position),
                )
            )  # fmt: skip
            if node is not None:
                node.users[role] = user_id
            return user_id

        self.superuser_id = add(SUPERUSER, None, Role.ADMIN, "Quản trị hệ thống", superuser=True)
        by_org = {}
        for node in self.nodes:
            if not node.is_organisation:
                by_org.setdefault(node.organisation.id, []).append(node)
        for node in self.nodes:
            if node.is_organisation:
                login = node.code.lower()
                members = by_org.get(node.id, [])
                office = next((m for m in members if m.kind == UnitKind.OFFICE), node)
                add(f"{login}.lanhdao", node, Role.LEADER, "Phó Chủ tịch")
                add(f"{login}.canbo", office, Role.OFFICER, "Công chức Văn hóa - Xã hội")
                add(f"{login}.quantri", node, Role.ADMIN, "Quản trị đơn vị")
            else:
                add(f"{node.code.lower()}.truong", node, Role.UNIT_HEAD, f"Trưởng {node.name}")
        self.t_user.flush()

    # ------------------------------------------------------------------ plans

    def build_plans(self):
        self.documents = {}
        for name in ("plan-hn-179", "plan-ttpvhcc-50", "plan-kieuphu-2026"):
            for row in self.templates[name].get("legal_bases", []):
                if row["number"] != "179/KH-UBND" and row["number"] not in self.documents:
                    self.documents[row["number"]] = legal_document_register(
                        kind=KIND_BY_LABEL[row["kind"]],
                        number=row["number"],
                        issued_on=row.get("issued_on"),
                        issuer=row.get("issuer", ""),
                        title=row.get("title", ""),
                    ).pk
        first_year = self.options.years_list[0]
        for province in self.provinces:
            issued_on = datetime.date(first_year - 1, 12, 10 + province.index % 18)
            number = 178 + province.index
            province.plan = self._plan(
                self.templates["plan-hn-179"],
                issuer=province.node,
                province=province,
                units=self._province_units(province),
                number=number,
                issued_on=issued_on,
                status=PlanStatus.ISSUED,
                superior=None,
                period=(issued_on, datetime.date(self.options.until.year, 12, 31)),
                period_label=f"Năm {first_year} và các năm tiếp theo",
                text=lambda text, p=province: self._localise(text, p),
            )
        self.t_plan.flush()
        for province in self.provinces:
            plan = province.plan
            province.plan_document_id = LegalDocument.objects.create(
                kind=LegalDocumentKind.PLAN,
                number=f"{plan.number}/KH-UBND",
                issued_on=plan.issued_on,
                issuer=province.node.full_name,
                title=plan.title,
                plan_id=plan.id,
            ).pk
        for province in self.provinces:
            self._province_agency_plan(province)
            for commune in province.communes:
                self._commune_plans(commune)
        for table in (self.t_plan, self.t_basis, self.t_section, self.t_plan_form):
            table.flush()
        for table in (self.t_assignment, self.t_budget, self.t_target):
            table.flush()

    def _province_units(self, province):
        units = {"HN": province.node}
        units.update({f"HN-{suffix}": node for suffix, node in province.skeleton.items()})
        return units

    def _province_agency_plan(self, province):
        centre = province.skeleton.get("TTPVHCC")
        if centre is None:
            return
        first_year = self.options.years_list[0]
        issued_on = datetime.date(first_year, 1, 20)
        province.agency_plan = self._plan(
            self.templates["plan-ttpvhcc-50"],
            issuer=centre,
            province=province,
            units=self._province_units(province),
            number=50,
            issued_on=issued_on,
            status=PlanStatus.ISSUED,
            superior=province,
            period=(issued_on, datetime.date(self.options.until.year, 12, 31)),
            period_label=f"Năm {first_year} và các năm tiếp theo",
            text=lambda text, p=province: self._localise(text, p),
        )

    def _commune_plans(self, commune):
        rng = self.rng
        units = {"HN-KIEUPHU": commune.node}
        for node in self.nodes_below(commune.node):
            units[f"HN-KIEUPHU-{node.suffix}"] = node
        template = self.templates["plan-kieuphu-2026"]
        years = list(self.options.years_list)
        until = self.options.until
        draft_year = until.year + 1 if until.month >= 10 and rng.random() < 0.2 else None
        for year in years + ([draft_year] if draft_year else []):
            draft = year == draft_year
            issued_on = None if draft else datetime.date(year, 1, rng.randint(5, 25))
            status = (
                PlanStatus.DRAFT
                if draft
                else (PlanStatus.CLOSED if year < until.year else PlanStatus.ISSUED)
            )
            info = self._plan(
                template,
                issuer=commune.node,
                province=commune.province,
                units=units,
                number=None if draft else rng.randint(1, 40),
                issued_on=issued_on,
                status=status,
                superior=commune.province,
                period=(issued_on, datetime.date(year, 12, 31)),
                period_label=f"Năm {year}",
                text=lambda text, c=commune, y=year: self._commune_text(text, c, y),
                year=year,
            )
            if not draft:
                commune.plans[year] = info
                self._unit_assignments(info.id, commune, year)

    def extra_assignments_per_plan(self):
        """Unit assignments each issued commune plan adds so that the data set holds at least
        `options.assignments` assignments."""
        o = self.options
        count = lambda name: len(self.templates[name].get("assignments", []))  # noqa: E731
        plans = o.provinces * o.communes * o.years
        from_templates = o.provinces * (
            count("plan-hn-179") + count("plan-ttpvhcc-50")
        ) + plans * count("plan-kieuphu-2026")
        return max(0, math.ceil((o.assignments - from_templates) / plans))

    def _unit_assignments(self, plan_id, commune, year):
        """Dated tasks of each unit below the commune, due in turn over the plan's year, from
        their own random stream (the rest of the data set does not change with their number).
        """
        extra = self.extra_assignments_per_plan()
        units = self.nodes_below(commune.node)
        if not extra or not units:
            return
        rng = Random(f"{self.options.seed}-assignments-{plan_id}")  # noqa: S311
        rounds = math.ceil(extra / len(units))
        start = datetime.date(year, 1, 1)
        for index in range(extra):
            unit = units[index % len(units)]
            turn = index // len(units)
            due = start + datetime.timedelta(
                days=min(364, int((turn + 1) * 365 / rounds) - 1 - rng.randint(0, 6))
            )
            self.t_assignment.add(
                (
                    self.t_assignment.next_id(),
                    plan_id,
                    unit.id,
                    "",
                    False,
                    "",
                    AssignmentRole.LEAD,
                    False,
                    rng.choice(words.UNIT_TASKS).format(unit=unit.name, due=f"{due:%d/%m/%Y}"),
                    due,
                    "Báo cáo kết quả về UBND " + f"{commune.level} {commune.place}",
                    100 + index,
                )
            )

    def nodes_below(self, organisation):
        if not hasattr(self, "_members"):
            self._members = {}
            for node in self.nodes:
                if not node.is_organisation:
                    self._members.setdefault(node.organisation.id, []).append(node)
        return self._members.get(organisation.id, [])

    def _commune_text(self, text, commune, year):
        if not text:
            return text
        text = text.replace("xã Kiều Phú", f"{commune.level} {commune.place}")
        text = text.replace("Kiều Phú", commune.place).replace("2026", str(year))
        if commune.level == "phường":
            text = re.sub(r"\bxã\b(?! hội)", "phường", text)
        return self._localise(text, commune.province)

    def _plan(
        self,
        template,
        *,
        issuer,
        province,
        units,
        number,
        issued_on,
        status,
        superior,
        period,
        period_label,
        text,
        year=None,
    ):
        rng = self.rng
        plan_id = self.t_plan.next_id()
        signer = template.get("signer", {})
        leader = issuer.users.get(Role.LEADER)
        created_at = datetime.datetime.combine(
            issued_on or self.options.until - datetime.timedelta(days=10),
            datetime.time(10, 0),
            tzinfo=TZ,
        ) - datetime.timedelta(days=3)
        title = text(template["title"])
        place = issuer.place_name or province.name
        purpose = text(template.get("purpose", ""))
        requirements = text(template.get("requirements", ""))
        symbol = template["symbol"]
        self.t_plan.add(
            (
                plan_id,
                issuer.id,
                superior.plan.id if superior else None,
                number,
                symbol,
                issued_on.year if issued_on else None,
                place,
                issued_on,
                title,
                period_label,
                period[0],
                period[1],
                status,
                text(template.get("preamble", "")),
                purpose,
                requirements,
                text(template.get("closing", "")),
                signer.get("authority", ""),
                signer.get("on_behalf", ""),
                signer.get("title", ""),
                self._person(),
                "\n".join(text(line) for line in template.get("recipients", [])),
                leader,
                created_at,
                created_at + datetime.timedelta(days=3),
                folded(
                    f"{number:02d}/{symbol}" if number is not None else symbol,
                    title,
                    place,
                    period_label,
                    purpose,
                    requirements,
                ),
            )
        )
        for position, basis in enumerate(template.get("legal_bases", []), start=1):
            document = (
                province.plan_document_id
                if basis["number"] == "179/KH-UBND"
                else self.documents[basis["number"]]
            )
            if document is None:  # the province plan itself cites no plan of its own
                continue
            self.t_basis.add(
                (self.t_basis.next_id(), plan_id, document, VERB_BY_LABEL[basis["verb"]], position)
            )
        sections = []
        self._sections(plan_id, template.get("sections", []), None, text, sections)
        for position, row in enumerate(template.get("forms", []), start=1):
            self.t_plan_form.add(
                (
                    self.t_plan_form.next_id(),
                    plan_id,
                    self.forms[row["form"]],
                    text(row.get("heading", "")),
                    text(row.get("description", "")),
                    position,
                )
            )
        assignments = []
        plan_year = year or (issued_on.year if issued_on else self.options.until.year)
        for position, row in enumerate(template.get("assignments", []), start=1):
            unit = units.get(row.get("unit"))
            due = row.get("due_date")
            if due is not None:
                due = due.replace(year=plan_year) + datetime.timedelta(days=rng.randint(-10, 10))
            assignment_id = self.t_assignment.next_id()
            kinds = row.get("subunit_kinds", "")
            self.t_assignment.add(
                (
                    assignment_id,
                    plan_id,
                    unit.id if unit else None,
                    text(row.get("label", "")),
                    row.get("includes_subunits", False),
                    kinds,
                    row.get("role", "lead"),
                    row.get("focal", False),
                    text(row.get("tasks", "")),
                    due,
                    text(row.get("reporting_duty", "")),
                    position,
                )
            )
            assignments.append(
                (
                    assignment_id,
                    unit,
                    row.get("includes_subunits", False),
                    [k.strip() for k in kinds.split(",") if k.strip()],
                )
            )
        for position, row in enumerate(template.get("budget", []), start=1):
            amount = row.get("amount")
            if amount:
                amount = int(amount * rng.uniform(0.5, 1.5)) // 1_000_000 * 1_000_000
            self.t_budget.add(
                (
                    self.t_budget.next_id(),
                    plan_id,
                    row["source"],
                    amount,
                    text(row.get("note", "")),
                    position,
                )
            )
        for position, row in enumerate(template.get("targets", []), start=1):
            actual = row.get("actual")
            if actual is not None and status == PlanStatus.CLOSED:
                actual = round(row["target_value"] * rng.uniform(0.7, 1.1))
            due = row.get("due_date")
            self.t_target.add(
                (
                    self.t_target.next_id(),
                    plan_id,
                    text(row["indicator"]),
                    row.get("measure", ""),
                    Decimal(str(row["target_value"])),
                    due.replace(year=plan_year) if due else None,
                    row.get("metric", "manual"),
                    self.forms.get(row.get("form")),
                    Decimal(str(actual)) if actual is not None else None,
                    position,
                )
            )
        return PlanInfo(
            id=plan_id,
            year=year,
            number=number,
            issued_on=issued_on,
            title=title,
            assignments=assignments,
            sections=sections,
        )

    def _sections(self, plan_id, rows, parent_id, text, citable, depth=0):
        for position, row in enumerate(rows, start=1):
            section_id = self.t_section.next_id()
            self.t_section.add(
                (
                    section_id,
                    plan_id,
                    parent_id,
                    position,
                    row.get("label", ""),
                    text(row.get("title", "")),
                    text(row.get("body", "")),
                    row.get("kind", "text"),
                )
            )
            children = row.get("children", [])
            if depth > 0 and not children:
                citable.append(section_id)
            self._sections(plan_id, children, section_id, text, citable, depth + 1)

    # ------------------------------------------------------------------ activities

    def _slots(self):
        """Every unit that logs activities, with what it does and how much."""
        slots = []
        province_weight = 0.0
        commune_weight = 0.0
        for province in self.provinces:
            for commune in province.communes:
                reviewer = next(
                    (
                        n.users.get(Role.UNIT_HEAD)
                        for n in self.nodes_below(commune.node)
                        if n.suffix == "VHXH"
                    ),
                    commune.node.users.get(Role.LEADER),
                )
                for node in self.nodes_below(commune.node):
                    key = node.suffix if node.suffix in words.FORM_MIX else node.kind
                    weight = commune.weight * (3.0 if node.kind == UnitKind.OFFICE else 1.5)
                    commune_weight += weight
                    plans = {
                        year: (info.id, info.assignment_for(node), info.sections)
                        for year, info in commune.plans.items()
                    }
                    slots.append(
                        self._slot(node, key, weight, plans, reviewer, commune.place, commune)
                    )
            for node in province.skeleton.values():
                agency_member = node.organisation is not province.node and not node.is_organisation
                info = province.agency_plan if agency_member else province.plan
                if info is None or (node.is_organisation and node.suffix == "TTPVHCC"):
                    continue
                key = node.kind if node.kind in words.FORM_MIX else "office"
                plans = {
                    year: (info.id, info.assignment_for(node), info.sections)
                    for year in self.options.years_list
                }
                reviewer = node.organisation.users.get(Role.LEADER)
                slots.append(self._slot(node, key, 1.0, plans, reviewer, province.name, None))
                province_weight += 1.0
        if province_weight and commune_weight:
            scale = PROVINCE_SHARE / (1 - PROVINCE_SHARE) * commune_weight / province_weight
            for slot in slots:
                if slot["commune"] is None:
                    slot["weight"] *= scale
        return slots

    def _slot(self, node, key, weight, plans, reviewer, place, commune):
        mix = words.FORM_MIX[key]
        groups = words.TARGET_GROUP_MIX.get(node.kind, words.TARGET_GROUP_MIX["office"])
        author = node.users.get(Role.UNIT_HEAD) or node.organisation.users.get(Role.OFFICER)
        if node.kind == UnitKind.VILLAGE:
            where = f"Nhà văn hóa {node.name[0].lower()}{node.name[1:]}"
        elif commune is not None:
            where = f"Trụ sở UBND {commune.level} {place}"
        else:
            where = place
        return {
            "unit": node.id,
            "org": node.organisation.id,
            "weight": weight,
            "forms": [self.forms[code] for code, _ in mix],
            "form_codes": [code for code, _ in mix],
            "form_cum": list(itertools.accumulate(w for _, w in mix)),
            "groups": [self.groups[code] for code in groups],
            "plans": plans,
            "author": author,
            "reviewer": reviewer,
            "place": where,
            "commune": commune,
            "site": f"https://{commune.slug if commune else 'tttt'}.{self._site(node)}.gov.vn",
        }

    def _site(self, node):
        province = next(p for p in self.provinces if node.path.startswith(p.node.path))
        return province.slug

    def build_activities(self):
        total = self.options.activities
        if total == 0:
            return
        slots = self._slots()
        slot_cum = list(itertools.accumulate(slot["weight"] for slot in slots))
        start, until = self.options.start, self.options.until
        days = [start + datetime.timedelta(days=n) for n in range((until - start).days + 1)]
        day_cum = list(
            itertools.accumulate(
                (1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.25)[day.weekday()] for day in days
            )
        )
        quarter_of = {day: period_containing(PeriodKind.QUARTER, day) for day in days}
        year_of = {day: period_containing(PeriodKind.YEAR, day)[0] for day in days}
        # How many activities each day gets, drawn up front; then the days are written in
        # order, so ids grow with dates as they do when people log their work.
        per_day = [0] * len(days)
        drawn = 0
        while drawn < total:
            size = min(100_000, total - drawn)
            for index in self.rng.choices(range(len(days)), cum_weights=day_cum, k=size):
                per_day[index] += 1
            drawn += size
        titles = {}
        made, reported = 0, 0
        slot_range = range(len(slots))
        with self.writer.constraints_deferred(
            [Activity, Activity.target_groups.through, Activity.sections.through, Evidence]
        ):
            for day, count in zip(days, per_day, strict=True):
                quarter, year_key = quarter_of[day], year_of[day]
                for slot_index in self.rng.choices(slot_range, cum_weights=slot_cum, k=count):
                    self._activity(slots[slot_index], day, quarter, year_key, titles)
                made += count
                if made - reported >= 100_000 or made == total:
                    self.log(f"    {made:,} / {total:,} hoạt động")
                    reported = made
            for table in (
                self.t_activity,
                self.t_activity_groups,
                self.t_activity_sections,
                self.t_evidence,
            ):
                table.flush()

    def _activity(self, slot, day, quarter, year_key, titles):
        rng = self.rng
        random = rng.random
        form_index = rng.choices(range(len(slot["forms"])), cum_weights=slot["form_cum"])[0]
        form_code = slot["form_codes"][form_index]
        form_id = slot["forms"][form_index]
        category = self.form_category[form_code]
        plan_id, assignment_id, sections = slot["plans"][day.year]
        topic = int(random() * len(words.TOPICS))
        key = (form_code, topic)
        if key not in titles:
            what = words.FORM_TITLES.get(form_code, "Tuyên truyền về")
            subject = words.TOPICS[topic]
            titles[key] = (
                f"{what} {subject}",
                f"Tuyên truyền {subject} theo Kế hoạch của UBND; nội dung bám sát hướng dẫn "
                f"của cấp trên, phù hợp với từng nhóm đối tượng.",
            )
        title, description = titles[key]

        quantity, participants, views, interactions, cost = 1, 0, 0, 0, 0
        if category == "digital":
            quantity = 1 + int(random() * 3)
            views = int(math.exp(5 + random() * 5))
            interactions = views // (10 + int(random() * 30))
        elif category == "mass_media":
            views = int(math.exp(7 + random() * 4))
            cost = int(random() * 50) * 100_000
        elif category == "grassroots":
            quantity = 1 + int(random() * 3)
        elif category == "visual":
            quantity = 1 + int(random() * 10)
            cost = quantity * 250_000
        elif form_code in ("service-desk", "digital-team-support"):
            participants = 5 + int(random() * 35)
        elif form_code == "training":
            participants = 15 + int(random() * 45)
            cost = int(random() * 20) * 250_000
        elif category in ("events", "network", "contests"):
            participants = 20 + int(random() * 280)
            cost = int(random() * 100) * 200_000
        else:  # meetings
            participants = 15 + int(random() * 105)

        age = (self.options.until - day).days
        roll = random()
        if age > 30:
            status = (
                ActivityStatus.APPROVED
                if roll < 0.93
                else (ActivityStatus.RETURNED if roll < 0.97 else ActivityStatus.SUBMITTED)
            )
        else:
            status = (
                ActivityStatus.DRAFT
                if roll < 0.15
                else ActivityStatus.SUBMITTED
                if roll < 0.65
                else ActivityStatus.APPROVED
                if roll < 0.98
                else ActivityStatus.RETURNED
            )
        created_at = datetime.datetime(
            day.year, day.month, day.day, 16, int(random() * 60), tzinfo=TZ
        ) + datetime.timedelta(days=int(random() * 3))
        reviewed = status in (ActivityStatus.APPROVED, ActivityStatus.RETURNED)
        reviewed_at = (
            created_at + datetime.timedelta(days=1 + int(random() * 4)) if reviewed else None
        )
        comment = (
            "Đề nghị bổ sung ảnh minh chứng và số người tham dự."
            if status == ActivityStatus.RETURNED
            else ""
        )
        activity_id = self.t_activity.next_id()
        place = slot["place"] if category not in ("digital", "mass_media") else ""
        self.t_activity.add(
            (
                activity_id, slot["unit"], plan_id, assignment_id, form_id, day, title,
                description, place, quantity, participants, views, interactions, cost, status,
                comment, slot["reviewer"] if reviewed else None, reviewed_at, slot["author"],
                created_at, reviewed_at or created_at, folded(title, description, place),
            )
        )  # fmt: skip
        groups = slot["groups"]
        first = int(random() * len(groups))
        self.t_activity_groups.add((self.t_activity_groups.next_id(), activity_id, groups[first]))
        if random() < 0.5 and len(groups) > 1:
            second = groups[(first + 1) % len(groups)]
            self.t_activity_groups.add((self.t_activity_groups.next_id(), activity_id, second))
        if sections:
            section = sections[int(random() * len(sections))]
            self.t_activity_sections.add((self.t_activity_sections.next_id(), activity_id, section))
        if category in LINKED_CATEGORIES and random() < 0.6:
            self.t_evidence.add(
                (
                    self.t_evidence.next_id(),
                    activity_id,
                    EvidenceKind.LINK,
                    f"{slot['site']}/tin-tuc/{activity_id}",
                    "Bài đăng",
                    slot["author"],
                    created_at,
                )
            )
        if status == ActivityStatus.APPROVED and slot["commune"] is not None:
            for key in ((slot["org"], "quarter", quarter), (slot["org"], "year", (year_key, 1))):
                self.approved[key] = self.approved.get(key, 0) + 1

    # ------------------------------------------------------------------ reports

    def build_reports(self):
        until = self.options.until
        periods = []
        for year in self.options.years_list:
            for index in range(1, 5):
                periods.append((PeriodKind.QUARTER, year, index))
            periods.append((PeriodKind.YEAR, year, 1))
        for kind, year, index in periods:
            period = reporting_period(kind, year, index)
            if period.end >= until:
                continue
            deadline = due_date(period.end, 15)
            for province in self.provinces:
                reviewer = province.node.users.get(Role.LEADER)
                for commune in province.communes:
                    plan = commune.plans.get(year)
                    if plan is not None:
                        self._report(commune, province, period, deadline, plan, reviewer)

    def _report(self, commune, province, period, deadline, plan, reviewer):
        rng = self.rng
        until = self.options.until
        overdue_days = (until - deadline).days
        roll = rng.random()
        if overdue_days > 45:
            shares = [(0.08, None), (0.11, ReportStatus.DRAFT), (0.16, ReportStatus.RETURNED),
                      (0.30, ReportStatus.SUBMITTED), (1.0, ReportStatus.ACCEPTED)]  # fmt: skip
        else:
            shares = [(0.25, None), (0.40, ReportStatus.DRAFT), (0.45, ReportStatus.RETURNED),
                      (0.80, ReportStatus.SUBMITTED), (1.0, ReportStatus.ACCEPTED)]  # fmt: skip
        status = next(value for limit, value in shares if roll < limit)
        if status is None:
            return
        node = commune.node
        officer = node.users.get(Role.OFFICER)
        key = (period.kind, period.year, period.index)
        count = self.approved.get(
            (node.id, "quarter" if period.kind == PeriodKind.QUARTER else "year", key[1:]), 0
        )
        issued_on = None
        submitted_at = reviewed_at = None
        if status != ReportStatus.DRAFT:
            issued_on = deadline - datetime.timedelta(days=rng.randint(-5, 10))
            submitted_at = datetime.datetime.combine(issued_on, datetime.time(15, 0), tzinfo=TZ)
        if status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED):
            reviewed_at = submitted_at + datetime.timedelta(days=rng.randint(1, 7))
        label = period.label.lower() if period.kind == PeriodKind.YEAR else period.label
        created_at = datetime.datetime.combine(
            min(period.end + datetime.timedelta(days=1), until), datetime.time(9), tzinfo=TZ
        )
        number = rng.randint(1, 300) if issued_on else None
        texts = (
            commune.place,
            f"Kết quả công tác tuyên truyền thực hiện Nghị quyết số 57-NQ/TW {label}",
            f"Ủy ban nhân dân {province.node.name.lower()}",
            f"Trong kỳ, các phòng, đơn vị, thôn đã tổ chức {count} hoạt động tuyên truyền.",
            *REPORT_PARTS,
        )
        place, title, addressee, results = texts[:4]
        self.t_report.add(
            (
                self.t_report.next_id(),
                node.id,
                period.id,
                plan.id,
                number,
                "BC-UBND",
                issued_on,
                place,
                title,
                addressee,
                results,
                *REPORT_PARTS,
                {},  # a sent report's figures are frozen once its activities are written
                status,
                officer if submitted_at else None,
                submitted_at,
                reviewer if reviewed_at else None,
                reviewed_at,
                "Đề nghị bổ sung số liệu theo từng hình thức."
                if status == ReportStatus.RETURNED
                else "",
                "TM. ỦY BAN NHÂN DÂN",
                "KT. CHỦ TỊCH",
                "PHÓ CHỦ TỊCH",
                self._person(),
                created_at,
                reviewed_at or submitted_at or created_at,
                folded(
                    f"{number:02d}/BC-UBND" if number is not None else "BC-UBND",
                    title,
                    place,
                    results,
                    *REPORT_PARTS,
                ),
            )
        )
