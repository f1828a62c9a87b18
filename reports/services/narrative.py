"""A first draft of the report's narrative, written from its figures. Officers rewrite it;
the numbers it quotes are the ones the annexes print."""

import datetime

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
    targets = figures["targets"]
    reached = [t for t in targets if _pace(t) == "đã đạt"]
    ahead = [t for t in targets if _pace(t) == "vượt tiến độ"]
    behind = [t for t in targets if _pace(t) == "chậm tiến độ"]
    budget = figures.get("budget") or {}
    if totals["count"] and budget.get("planned"):
        spent = budget["spent"]
        results += (
            f"\nKinh phí lũy kế từ đầu kế hoạch đến hết kỳ {number(spent)} đồng, bằng "
            f"{round(100 * spent / budget['planned'])}% dự toán {number(budget['planned'])} đồng."
        )
    units = len(figures["by_unit"])
    if units:
        strengths = (
            f"Công tác tuyên truyền được triển khai tại {number(units)} đơn vị, bám sát nội "
            "dung kế hoạch; hình thức tuyên truyền đa dạng, kết hợp tuyên truyền trực tiếp và "
            "trên nền tảng số."
        )
    else:
        strengths = "Chưa có kết quả được duyệt trong kỳ để đánh giá."
    if reached:
        strengths += f" Đã đạt {number(len(reached))} chỉ tiêu: {_names(reached)}."
    if ahead:
        strengths += f" Vượt tiến độ dự kiến: {_names(ahead, with_pace=True)}."
    if behind:
        shortcomings = (
            f"Còn {number(len(behind))} chỉ tiêu chậm so với tiến độ dự kiến đến hết kỳ: "
            f"{_names(behind, with_pace=True)}."
        )
    else:
        shortcomings = "Một số đơn vị cập nhật kết quả hoạt động và minh chứng chưa kịp thời."
    difficulties = (
        "Nguồn kinh phí và nhân lực làm công tác tuyên truyền ở cơ sở còn hạn chế; "
        "trang thiết bị phục vụ tuyên truyền trên nền tảng số chưa đồng bộ."
    )
    if behind:
        difficulties = (
            "Việc triển khai một số chỉ tiêu còn chậm do nguồn lực ở cơ sở hạn chế; "
            + lower_first(difficulties)
        )
    return {
        "results": results,
        "strengths": strengths,
        "shortcomings": shortcomings,
        "difficulties": difficulties,
        "next_tasks": _next_tasks(figures.get("upcoming") or [], behind),
        "proposals": _proposals(behind),
    }


def _proposals(behind):
    text = (
        "Đề nghị cấp trên quan tâm hỗ trợ kinh phí, tài liệu tuyên truyền và tập huấn "
        "nghiệp vụ cho đội ngũ làm công tác tuyên truyền ở cơ sở"
    )
    if behind:
        text += f"; hướng dẫn, hỗ trợ để hoàn thành các chỉ tiêu: {_names(behind)}"
    return text + "."


def _pace(target):
    """The pace a frozen target row carries; rows frozen before it existed: reached or not."""
    if "pace" in target:
        return target["pace"]
    if target.get("percent") is None:
        return ""
    return "đã đạt" if target["percent"] >= 100 else "chậm tiến độ"


def _names(targets, *, with_pace=False):
    parts = []
    for target in targets:
        text = f"«{target['indicator']}»"
        if with_pace and target.get("percent") is not None:
            text += f" đạt {target['percent']}%"
            if target.get("expected_percent") is not None:
                text += f", dự kiến {target['expected_percent']}%"
        parts.append(text)
    return "; ".join(parts)


def _next_tasks(upcoming, behind):
    lines = ["Tiếp tục triển khai các nội dung tuyên truyền theo kế hoạch; tập trung:"]
    for task in upcoming:
        due = datetime.date.fromisoformat(task["due"])
        lines.append(f"- {task['unit']}: {lower_first(task['task'])} (hạn {due:%d/%m/%Y});")
    if behind:
        lines.append(f"- Đẩy nhanh các chỉ tiêu chậm tiến độ: {_names(behind)};")
    lines.append("- Đôn đốc các đơn vị cập nhật kết quả và minh chứng đầy đủ, đúng hạn.")
    return "\n".join(lines)
