"""Demo unit tree and demo logins."""

import os
import tomllib
from pathlib import Path

from units.models import Role, Unit, User
from units.services import unit_create

DEMO_DIR = Path(__file__).parent
DEMO_PASSWORD = os.environ.get("LOA_DEMO_PASSWORD", "loa-demo-2026")

UNIT_FIELDS = [
    "name",
    "full_name",
    "short_name",
    "kind",
    "is_organisation",
    "header_parent",
    "header_name",
    "place_name",
    "email",
]

# username, full name, unit code (None: platform administrator), role, position
DEMO_USERS = [
    ("admin", "Quản trị hệ thống", None, Role.ADMIN, "Quản trị viên"),
    ("hanoi.lanhdao", "Lê Hoàng Nam", "HN", Role.LEADER, "Phó Chủ tịch UBND Thành phố"),
    (
        "hanoi.canbo",
        "Phan Thu Trang",
        "HN-SVHTT",
        Role.OFFICER,
        "Chuyên viên Sở Văn hóa và Thể thao",
    ),
    (
        "kieuphu.canbo",
        "Nguyễn Thị Lan",
        "HN-KIEUPHU-VHXH",
        Role.OFFICER,
        "Công chức Văn hóa - Xã hội",
    ),
    (
        "kieuphu.truongphong",
        "Phạm Văn Đức",
        "HN-KIEUPHU-VHXH",
        Role.UNIT_HEAD,
        "Trưởng phòng Văn hóa - Xã hội",
    ),
    ("kieuphu.lanhdao", "Đỗ Minh Tuấn", "HN-KIEUPHU", Role.LEADER, "Phó Chủ tịch UBND xã"),
    ("kieuphu.truongthon", "Bùi Văn Sơn", "HN-KIEUPHU-T1", Role.UNIT_HEAD, "Trưởng thôn Phú Hữu"),
    (
        "giavien.canbo",
        "Hoàng Thị Mai",
        "HP-GIAVIEN-VHXH",
        Role.OFFICER,
        "Công chức Văn hóa - Xã hội",
    ),
    ("giavien.lanhdao", "Vũ Quang Khải", "HP-GIAVIEN", Role.LEADER, "Phó Chủ tịch UBND phường"),
]


def load_units(path=DEMO_DIR / "units.toml"):
    """Create the demo units that are missing; returns the number created."""
    rows = tomllib.loads(path.read_text(encoding="utf-8"))["units"]
    existing = {unit.code: unit for unit in Unit.objects.all()}
    created = 0
    for row in rows:
        if row["code"] in existing:
            continue
        parent = existing[row["parent"]] if row.get("parent") else None
        fields = {"code": row["code"], **{k: row[k] for k in UNIT_FIELDS if k in row}}
        existing[row["code"]] = unit_create(parent=parent, **fields)
        created += 1
    return created


def load_users():
    """Create the demo logins that are missing; returns [(username, role label, unit)]."""
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=[u[2] for u in DEMO_USERS])}
    listing = []
    for username, full_name, unit_code, role, position in DEMO_USERS:
        unit = units.get(unit_code)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                full_name=full_name,
                unit=unit,
                role=role,
                position=position,
                email=f"{username}@example.com",
                is_staff=unit is None,
                is_superuser=unit is None,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        listing.append((username, user.get_role_display(), unit.name if unit else "toàn hệ thống"))
    return listing
