"""The outreach-form catalogue: every form the seed plans name, with the measure it is
counted in. Data migrations call `sync_outreach_forms`; add rows here and in a new
migration rather than editing rows by hand."""

# (code, category, name, measure)
OUTREACH_FORMS = [
    ("press-article", "mass_media", "Tin, bài trên báo chí", "tin, bài"),
    ("broadcast-report", "mass_media", "Phóng sự, bản tin phát thanh, truyền hình", "phóng sự"),
    ("press-column", "mass_media", "Chuyên đề, chuyên mục, chuyên trang trên báo chí", "số"),
    ("portal-post", "digital", "Tin, bài trên Cổng/Trang thông tin điện tử", "tin, bài"),
    ("public-service-portal", "digital", "Thông tin trên Cổng dịch vụ công", "tin, bài"),
    ("city-app", "digital", "Ứng dụng số của địa phương (iHanoi, Hà Nội SmartCity)", "tin, bài"),
    ("fanpage", "digital", "Bài đăng trên Fanpage (Facebook)", "bài đăng"),
    ("zalo-oa", "digital", "Bài đăng trên Zalo OA, nhóm Zalo", "bài đăng"),
    ("youtube", "digital", "Video trên YouTube", "video"),
    ("tiktok", "digital", "Video trên TikTok", "video"),
    ("short-video", "digital", "Video ngắn, videoclip", "video"),
    ("infographic", "digital", "Infographic", "sản phẩm"),
    ("podcast", "digital", "Podcast", "số"),
    ("influencer", "digital", "Chia sẻ của chuyên gia, người có ảnh hưởng (KOLs)", "lượt"),
    ("livestream", "digital", "Diễn đàn trực tuyến, livestream, webinar", "buổi"),
    ("loudspeaker", "grassroots", "Phát thanh trên hệ thống truyền thanh cơ sở", "lượt phát"),
    (
        "internal-bulletin",
        "grassroots",
        "Bản tin «Thông tin nội bộ», Sổ tay đảng viên điện tử",
        "số",
    ),
    ("banner", "visual", "Băng rôn, khẩu hiệu", "băng rôn"),
    ("panel", "visual", "Pano, bảng tuyên truyền", "pano"),
    ("poster", "visual", "Áp phích, tờ rơi, tờ gấp", "tờ"),
    ("conference", "events", "Hội nghị phổ biến, quán triệt", "hội nghị"),
    ("training", "events", "Lớp đào tạo, tập huấn", "lớp"),
    ("workshop", "events", "Hội thảo, tọa đàm chuyên đề", "buổi"),
    ("digital-week", "events", "Tuần lễ chuyển đổi số", "sự kiện"),
    ("innovation-day", "events", "Ngày hội đổi mới sáng tạo, triển lãm công nghệ", "sự kiện"),
    ("stem-day", "events", "Ngày hội STEM", "sự kiện"),
    ("tech-tour", "events", "Tham quan thực tế «Điểm đến công nghệ»", "đoàn"),
    ("service-desk", "events", "Hướng dẫn trực tiếp tại bộ phận một cửa", "lượt"),
    ("digital-team-support", "events", "Tổ công nghệ số cộng đồng hướng dẫn người dân", "buổi"),
    ("contest", "contests", "Cuộc thi, giải thưởng", "cuộc thi"),
    ("minigame", "contests", "Minigame trực tuyến", "minigame"),
    ("reporter-session", "network", "Báo cáo viên, tuyên truyền viên nói chuyện trực tiếp", "buổi"),
    (
        "collaborator-training",
        "network",
        "Tập huấn tuyên truyền viên, cộng tác viên dư luận xã hội",
        "lớp",
    ),
    ("briefing", "meetings", "Lồng ghép trong giao ban, họp định kỳ", "buổi"),
    ("thematic-meeting", "meetings", "Cuộc họp chuyên đề", "buổi"),
    ("party-cell", "meetings", "Lồng ghép trong sinh hoạt chi bộ", "buổi"),
    ("residents-meeting", "meetings", "Họp thôn, tổ dân phố", "buổi"),
    ("mass-org-meeting", "meetings", "Sinh hoạt đoàn thể", "buổi"),
]


def sync_outreach_forms(model):
    """Create or update the catalogue rows; `model` is the (historical) OutreachForm model."""
    for position, (code, category, name, measure) in enumerate(OUTREACH_FORMS, start=1):
        model.objects.update_or_create(
            code=code,
            defaults={"category": category, "name": name, "measure": measure, "position": position},
        )
