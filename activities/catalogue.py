"""Target groups (đối tượng tuyên truyền) an activity can reach. Data migrations call
`sync_target_groups`."""

TARGET_GROUPS = [
    ("can-bo-dang-vien", "Cán bộ, đảng viên"),
    ("cong-chuc-vien-chuc", "Công chức, viên chức"),
    ("nguoi-lao-dong", "Người lao động"),
    ("doanh-nghiep", "Doanh nghiệp"),
    ("ho-kinh-doanh", "Hộ kinh doanh"),
    ("nguoi-dan", "Người dân"),
    ("nguoi-cao-tuoi", "Người cao tuổi"),
    ("hoc-sinh-sinh-vien", "Học sinh, sinh viên"),
    ("doan-vien-thanh-nien", "Đoàn viên, thanh niên"),
    ("hoi-vien-doan-the", "Hội viên các đoàn thể"),
    ("to-cong-nghe-so", "Thành viên tổ công nghệ số cộng đồng"),
]


def sync_target_groups(model):
    for position, (code, name) in enumerate(TARGET_GROUPS, start=1):
        model.objects.update_or_create(code=code, defaults={"name": name, "position": position})
