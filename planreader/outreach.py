"""The outreach forms a plan names, by their catalogue codes (plans/catalogue.py)."""

import re

from .folding import fold, ocr_phrase_at, words
from .restore import restore
from .result import FormMention
from .sections import Node

# Catalogue codes (plans/catalogue.py) and the folded phrases that name them in a plan.
FORM_PHRASES = [
    ("broadcast-report", ["phong su", "ban tin thoi su", "phat song"]),
    ("press-article", ["bai viet", "tin bai", "tin, bai"]),
    ("press-column", ["chuyen muc", "chuyen trang"]),
    ("portal-post", ["cong thong tin dien tu", "trang thong tin dien tu"]),
    ("public-service-portal", ["cong dich vu cong"]),
    ("city-app", ["smartcity", "ihanoi", "ung dung so cua"]),
    ("fanpage", ["fanpage", "facebook"]),
    ("zalo-oa", ["zalo"]),
    ("youtube", ["youtube"]),
    ("tiktok", ["tiktok"]),
    ("short-video", ["video ngan", "videoclip", "video clip"]),
    ("infographic", ["infographic"]),
    ("podcast", ["podcast"]),
    ("influencer", ["kols", "nguoi co anh huong"]),
    ("livestream", ["livestream", "webinar", "dien dan truc tuyen"]),
    ("loudspeaker", ["truyen thanh", "thong tin co so"]),
    ("internal-bulletin", ["thong tin noi bo", "so tay dang vien"]),
    ("banner", ["bang ron", "khau hieu"]),
    ("panel", ["pano", "bang tuyen truyen"]),
    ("poster", ["ap phich", "to roi", "to gap"]),
    ("conference", ["hoi nghi"]),
    ("training", ["tap huan", "dao tao"]),
    ("workshop", ["hoi thao", "toa dam"]),
    ("digital-week", ["tuan le chuyen doi so"]),
    ("innovation-day", ["ngay hoi doi moi sang tao", "trien lam cong nghe"]),
    ("stem-day", ["stem"]),
    ("tech-tour", ["diem den cong nghe", "tham quan thuc te"]),
    ("service-desk", ["bo phan mot cua", "huong dan truc tiep"]),
    ("digital-team-support", ["to cong nghe so cong dong"]),
    ("contest", ["cuoc thi", "giai thuong"]),
    ("minigame", ["minigame"]),
    ("reporter-session", ["bao cao vien", "tuyen truyen vien"]),
    ("collaborator-training", ["cong tac vien du luan"]),
    ("briefing", ["giao ban", "hop dinh ky"]),
    ("thematic-meeting", ["hop chuyen de"]),
    ("party-cell", ["sinh hoat chi bo"]),
    ("residents-meeting", ["hop to dan pho", "hop thon"]),
    ("mass-org-meeting", ["sinh hoat doan the"]),
]


def form_blocks(sections: list[Node]) -> list[tuple[str, str]]:
    """(heading, text) of the parts of the plan that describe outreach forms."""
    blocks = []
    for section in sections:
        if section.kind == "forms":
            if section.body and not section.children:
                blocks.append((section.title, "\n".join(section.body)))
            blocks += [(child.title, child.text()) for child in section.children]
            continue
        for child in section.children:
            if ocr_phrase_at(words(child.title), 0, "hinh thuc"):
                blocks += [(g.title, g.text()) for g in child.children] or [
                    (child.title, child.text())
                ]
    return blocks


def outreach_forms(sections: list[Node], *, ocr: bool) -> list[FormMention]:
    found: list[FormMention] = []
    seen: set[tuple[str, str]] = set()
    for heading, text in form_blocks(sections):
        folded = readable_fold(f"{heading}\n{text}", ocr=ocr)
        heading = heading.strip(" .:")
        heading = restore(heading) if ocr else heading
        described = False
        for code, phrases in FORM_PHRASES:
            named = any(re.search(rf"\b{re.escape(p)}\b", folded) for p in phrases)
            if named and (code, heading) not in seen:
                seen.add((code, heading))
                # The block's text goes with its first form, so the draft keeps it once.
                description = "" if described else text.strip()
                described = True
                found.append(FormMention(code=code, heading=heading, description=description))
    return found


def readable_fold(text: str, *, ocr: bool, keep_commas: bool = False) -> str:
    folded = fold(restore(text) if ocr else text)
    return folded if keep_commas else folded.replace(",", " ")
