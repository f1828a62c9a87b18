"""A first draft of the report's narrative, written from its figures. Officers rewrite it;
the numbers it quotes are the ones the annexes print."""

from plans.text import lower_first, vnd


def number(value):
    """`1234` → `1.234`, as Vietnamese documents write numbers."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return vnd(value)


def draft_narrative(*, organisation, period_label: str, figures: dict) -> dict:
    """{results, strengths, shortcomings, difficulties, next_tasks, proposals}."""
    totals = figures["totals"]
    name = lower_first(organisation.name)
    period_label = lower_first(period_label)
    if not totals["count"]:
        results = f"Trong kỳ {period_label}, {name} chưa có hoạt động tuyên truyền nào được duyệt."
    else:
        lines = [
            f"Trong kỳ {period_label}, {name} đã tổ chức {number(totals['count'])} hoạt động "
            f"tuyên truyền với {number(totals['participants'])} lượt người tham dự, "
            f"{number(totals['views'])} lượt xem và {number(totals['interactions'])} lượt "
            f"tương tác trên các nền tảng số; tổng kinh phí {number(totals['cost'])} đồng."
        ]
        for row in figures["by_form"]:
            measure = row["measure"] or "lượt"
            detail = (
                f"- {row['name']}: {number(row['count'])} hoạt động, "
                f"{number(row['quantity'])} {measure}"
            )
            if row["participants"]:
                detail += f", {number(row['participants'])} người tham dự"
            if row["views"]:
                detail += f", {number(row['views'])} lượt xem"
            lines.append(detail + ";")
        if figures["notable"]:
            top = figures["notable"][0]
            lines.append(f"Hoạt động nổi bật: {top['title']} ({top['unit']}).")
        lines.append("(Chi tiết tại các Phụ lục kèm theo báo cáo này.)")
        results = "\n".join(lines)
    met = [t for t in figures["targets"] if t["percent"] is not None and t["percent"] >= 100]
    behind = [t for t in figures["targets"] if t["percent"] is not None and t["percent"] < 100]
    units = len(figures["by_unit"])
    strengths = (
        f"Công tác tuyên truyền được triển khai đồng bộ tại {number(units)} đơn vị, bám sát "
        "nội dung kế hoạch; hình thức tuyên truyền đa dạng, kết hợp tuyên truyền trực tiếp và "
        "trên nền tảng số."
    )
    if met:
        strengths += f" Đã đạt {number(len(met))} chỉ tiêu của kế hoạch."
    shortcomings = (
        f"Còn {number(len(behind))} chỉ tiêu chưa đạt: "
        + "; ".join(f"{t['indicator']} ({t['percent']}%)" for t in behind)
        + "."
        if behind
        else "Một số đơn vị cập nhật kết quả hoạt động và minh chứng chưa kịp thời."
    )
    return {
        "results": results,
        "strengths": strengths,
        "shortcomings": shortcomings,
        "difficulties": (
            "Nguồn kinh phí và nhân lực làm công tác tuyên truyền ở cơ sở còn hạn chế; "
            "trang thiết bị phục vụ tuyên truyền trên nền tảng số chưa đồng bộ."
        ),
        "next_tasks": (
            "Tiếp tục triển khai các nội dung tuyên truyền theo kế hoạch; tập trung các chỉ "
            "tiêu chưa đạt; đôn đốc các đơn vị cập nhật kết quả và minh chứng đầy đủ, đúng hạn."
        ),
        "proposals": (
            "Đề nghị cấp trên quan tâm hỗ trợ kinh phí, tài liệu tuyên truyền và tập huấn "
            "nghiệp vụ cho đội ngũ làm công tác tuyên truyền ở cơ sở."
        ),
    }
