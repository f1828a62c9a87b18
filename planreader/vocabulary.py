"""Known vocabulary of Vietnamese administrative documents, written with every diacritic.

The parser uses it to recognise OCR'd words (`Phong Van hoa - Xa hgi` is `Phòng Văn hóa - Xã
hội`) and to give them their marks back. It is general vocabulary of plans, reports and unit
names at province and commune level, not the text of any one document.
"""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


# Document kinds, as cited in legal bases; the code of the kind in a document number
# (`57-NQ/TW`, `179/KH-UBND`) decides when the words are unreadable.
KINDS = {
    "Nghị quyết": ("resolution", "NQ"),
    "Quyết định": ("decision", "QĐ"),
    "Kế hoạch": ("plan", "KH"),
    "Hướng dẫn": ("guidance", "HD"),
    "Chương trình": ("programme", "CTr"),
    "Nghị định": ("decree", "NĐ"),
    "Công văn": ("official_letter", "CV"),
    "Chỉ thị": ("directive", "CT"),
    "Thông tư": ("circular", "TT"),
    "Luật": ("law", "QH"),
    "Kết luận": ("conclusion", "KL"),
    "Thông báo": ("notice", "TB"),
    "Văn bản": ("other", ""),
}

# Top-level section titles (I., II. …) and the kind of section they open.
SECTION_TITLES = [
    ("MỤC ĐÍCH, YÊU CẦU", "purpose"),
    ("MỤC ĐÍCH - YÊU CẦU", "purpose"),
    ("MỤC TIÊU, YÊU CẦU", "purpose"),
    ("MỤC ĐÍCH, YÊU CẦU, CHỈ TIÊU", "purpose"),
    ("MỤC ĐÍCH", "purpose"),
    ("YÊU CẦU", "text"),
    ("MỤC TIÊU", "text"),
    ("CHỈ TIÊU", "text"),
    ("ĐỐI TƯỢNG, PHẠM VI", "text"),
    ("ĐỐI TƯỢNG TUYÊN TRUYỀN", "text"),
    ("THỜI GIAN THỰC HIỆN", "text"),
    ("NỘI DUNG TUYÊN TRUYỀN", "text"),
    ("NỘI DUNG THỰC HIỆN", "text"),
    ("NỘI DUNG", "text"),
    ("NHIỆM VỤ, GIẢI PHÁP", "text"),
    ("NHIỆM VỤ VÀ GIẢI PHÁP", "text"),
    ("NHIỆM VỤ TRỌNG TÂM", "text"),
    ("NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN", "text"),
    ("NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", "text"),
    ("HÌNH THỨC TUYÊN TRUYỀN", "forms"),
    ("HÌNH THỨC, PHƯƠNG PHÁP TUYÊN TRUYỀN", "forms"),
    ("HÌNH THỨC THỰC HIỆN", "forms"),
    ("KINH PHÍ THỰC HIỆN", "budget"),
    ("KINH PHÍ", "budget"),
    ("TỔ CHỨC THỰC HIỆN", "assignments"),
    ("PHÂN CÔNG NHIỆM VỤ", "assignments"),
    ("PHÂN CÔNG THỰC HIỆN", "assignments"),
    ("TRÁCH NHIỆM THỰC HIỆN", "assignments"),
    ("CHẾ ĐỘ BÁO CÁO", "text"),
    ("KHEN THƯỞNG", "text"),
]

# Signature block: who signs for whom (Decree 30/2020, art. 13).
SIGNER_MARKS = ["TM.", "KT.", "TL.", "TUQ.", "Q."]
SIGNER_BODIES = [
    "ỦY BAN NHÂN DÂN",
    "BAN GIÁM ĐỐC",
    "BAN THƯỜNG VỤ",
    "BAN CHẤP HÀNH",
    "BAN CHỈ ĐẠO",
    "ĐẢNG ỦY",
    "HỘI ĐỒNG NHÂN DÂN",
    "THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN",
    "BAN THƯỜNG TRỰC",
    "ỦY BAN BẦU CỬ",
    "BAN BẦU CỬ",
    "TIỂU BAN",
    "CHỦ TỊCH",
    "GIÁM ĐỐC",
    "TRƯỞNG BAN",
    "BÍ THƯ",
    "CHÁNH VĂN PHÒNG",
    "TRƯỞNG PHÒNG",
    "THỦ TRƯỞNG",
    "VIỆN TRƯỞNG",
    "HIỆU TRƯỞNG",
    "CỤC TRƯỞNG",
    "BỘ TRƯỞNG",
]
SIGNER_TITLES = [
    "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "PHÓ GIÁM ĐỐC PHỤ TRÁCH",
    "PHÓ GIÁM ĐỐC",
    "GIÁM ĐỐC",
    "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
    "PHÓ TRƯỞNG TIỂU BAN",
    "TRƯỞNG TIỂU BAN",
    "PHÓ TRƯỞNG BAN",
    "TRƯỞNG BAN",
    "TỔ TRƯỞNG",
    "TỔ PHÓ",
    "PHÓ BÍ THƯ THƯỜNG TRỰC",
    "PHÓ BÍ THƯ",
    "BÍ THƯ",
    "PHÓ CHÁNH VĂN PHÒNG",
    "CHÁNH VĂN PHÒNG",
    "PHÓ TRƯỞNG PHÒNG",
    "TRƯỞNG PHÒNG",
    "PHÓ CỤC TRƯỞNG",
    "CỤC TRƯỞNG",
    "THỨ TRƯỞNG",
    "BỘ TRƯỞNG",
    "PHÓ VIỆN TRƯỞNG",
    "VIỆN TRƯỞNG",
    "PHÓ HIỆU TRƯỞNG",
    "HIỆU TRƯỞNG",
]

# Common family names, to restore a signer's name.
SURNAMES = _words(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương "
    "Trịnh Trương Lâm Phùng Mai Tô Hà Tạ Lương Cao Chu Đinh Lưu Kiều Tăng Quách Thái Triệu"
)

# Phrases of administrative Vietnamese: unit types, bodies, roles, kinds and the everyday
# words of plans. One phrase a line; word pairs inside a phrase teach which marks go together.
PHRASES = _lines("""
ủy ban nhân dân
hội đồng nhân dân
văn phòng hội đồng nhân dân và ủy ban nhân dân
văn phòng hđnd và ubnd
thường trực hội đồng nhân dân
chủ tịch ủy ban nhân dân
phó chủ tịch
chủ tịch
giám đốc
phó giám đốc
ban giám đốc
trưởng phòng
phó trưởng phòng
trưởng ban
phó trưởng ban
chánh văn phòng
bí thư
phó bí thư
trưởng thôn
tổ trưởng tổ dân phố
thành phố
tỉnh
xã
phường
đặc khu
thị trấn
huyện
quận
thôn
tổ dân phố
khu phố
ấp
bản
làng
phòng văn hóa - xã hội
phòng văn hóa và xã hội
phòng kinh tế
phòng kinh tế, hạ tầng và đô thị
phòng kinh tế, hạ tầng và đô thị phường
phòng tài chính - kế hoạch
phòng nội vụ
phòng tư pháp
phòng giáo dục và đào tạo
phòng y tế
phòng tài nguyên và môi trường
phòng nông nghiệp và môi trường
phòng quản lý đô thị
phòng hành chính - tổng hợp
phòng tổ chức hành chính
phòng tái cấu trúc và tổ chức bộ phận một cửa
bộ phận một cửa
trung tâm
trung tâm dịch vụ tổng hợp
trung tâm phục vụ hành chính công
trung tâm hành chính công
trung tâm sự nghiệp công
trung tâm văn hóa, thông tin và thể thao
trung tâm văn hóa thể thao và truyền thông
trung tâm truyền thông, dữ liệu và công nghệ số
trung tâm quản trị hệ thống và phát triển ứng dụng
trung tâm y tế
trạm y tế
sở văn hóa và thể thao
sở văn hóa, thể thao và du lịch
sở khoa học và công nghệ
sở tài chính
sở nội vụ
sở tư pháp
sở giáo dục và đào tạo
sở y tế
sở công thương
sở xây dựng
sở nông nghiệp và môi trường
sở dân tộc và tôn giáo
sở ngoại vụ
sở kế hoạch và đầu tư
sở thông tin và truyền thông
sở, ban, ngành
các sở, ban, ngành
các phòng, ban, ngành
các phòng, đơn vị
các phòng, đơn vị trực thuộc
các cơ quan, đơn vị
các cơ quan, đơn vị liên quan
chi nhánh
chi nhánh trực thuộc
điểm phục vụ hành chính công
các thôn
các tổ dân phố
tổ công nghệ số cộng đồng
các tổ công nghệ số cộng đồng
ủy ban mặt trận tổ quốc việt nam
ủy ban mttq việt nam
mặt trận tổ quốc
mặt trận tổ quốc việt nam
các đoàn thể chính trị - xã hội
các tổ chức chính trị - xã hội
đoàn thanh niên cộng sản hồ chí minh
đoàn thanh niên
hội liên hiệp phụ nữ
hội phụ nữ
hội nông dân
hội cựu chiến binh
liên đoàn lao động
công đoàn
hội người cao tuổi
hội chữ thập đỏ
ban tuyên giáo và dân vận
ban tuyên giáo
ban dân vận
ban xây dựng đảng
ban chỉ đạo
ban chỉ huy quân sự
ban thường vụ
ban chấp hành
thành ủy
tỉnh ủy
đảng ủy
đảng bộ
chi bộ
cấp ủy
công an
công an xã
công an phường
quân sự
trường mầm non
trường tiểu học
trường trung học cơ sở
trường học
bưu điện
bưu điện văn hóa xã
đài truyền thanh
đài phát thanh và truyền hình
báo và phát thanh, truyền hình
cơ quan báo chí
các cơ quan báo chí, truyền thông
hợp tác xã
kho bạc nhà nước
bảo hiểm xã hội
chính quyền cấp cơ sở
chính quyền địa phương
bộ chính trị
ban bí thư
trung ương
chính phủ
thủ tướng chính phủ
quốc hội
ủy ban thường vụ quốc hội
bộ khoa học và công nghệ
bộ văn hóa, thể thao và du lịch
bộ thông tin và truyền thông
bộ nội vụ
bộ tài chính
nghị quyết
quyết định
kế hoạch
hướng dẫn
chương trình
nghị định
công văn
chỉ thị
thông tư
luật
kết luận
thông báo
văn bản
căn cứ
thực hiện
số
ngày
tháng
năm
của
về
về việc
và
các
cụ thể như sau
ban hành kế hoạch
kế hoạch tuyên truyền
tuyên truyền
mục đích, yêu cầu
mục tiêu
yêu cầu
nội dung tuyên truyền
hình thức tuyên truyền
kinh phí thực hiện
tổ chức thực hiện
phân công nhiệm vụ
chủ trì
phối hợp
phối hợp với
chủ trì, phối hợp
đề nghị
trân trọng đề nghị
đầu mối
tổng hợp
báo cáo
định kỳ
theo dõi, đôn đốc
tham mưu
triển khai
nơi nhận
lưu
văn thư
như trên
thường trực
thành viên
các thành viên
độc lập - tự do - hạnh phúc
cộng hòa xã hội chủ nghĩa việt nam
đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia
khoa học
công nghệ
đổi mới sáng tạo
chuyển đổi số
kinh tế số
xã hội số
chính quyền số
công dân số
kỹ năng số
nền tảng số
bình dân học vụ số
hạ tầng
đô thị
nông thôn mới
đến năm
đột phá
bộ chính trị
của bộ chính trị
số
ban xây dựng đảng
đảng ủy
tổ chức
tổ chức thực hiện
cuộc họp
hội nghị, cuộc họp
cổ động trực quan
văn phòng sở
lãnh đạo sở
giám đốc sở
các phòng thuộc sở
thông tin và thống kê
thống kê
thông tin
quản lý công nghệ
văn hóa
thể thao
du lịch
giáo dục
y tế
dịch vụ
sự nghiệp
hành chính
hành chính công
dịch vụ công
dịch vụ công trực tuyến
cổng thông tin điện tử
trang thông tin điện tử
hệ thống
quản trị
phát triển
ứng dụng
tái cấu trúc
tổ chức
bộ phận
một cửa
trực thuộc
liên quan
đơn vị
cơ quan
phòng
ban
ngành
sở
hội
đoàn
viện
nhân dân
người dân
doanh nghiệp
cán bộ
công chức
viên chức
người lao động
đảng viên
hội viên
đoàn viên
truyền thông
truyền thanh
thông tin
báo chí
phát thanh
truyền hình
loa
giao ban
hội nghị
hội thảo
tọa đàm
tập huấn
cuộc thi
ngân sách
ngân sách nhà nước
ngân sách thành phố
ngân sách tỉnh
ngân sách xã
ngân sách phường
xã hội hóa
nguồn kinh phí
kinh phí
thành phố hà nội
thành phố hải phòng
thành phố hồ chí minh
hà nội
hải phòng
đà nẵng
cần thơ
huế
việt nam
thủ đô
địa bàn
trên địa bàn
thành phố
tỉnh
ban quản lý
ban quản lý dự án
quản lý
an ninh
quốc phòng
trật tự
kinh tế
xã hội
kinh tế - xã hội
tài chính
kế toán
nội vụ
tư pháp
môi trường
tài nguyên
nông nghiệp
công thương
xây dựng
giao thông
thương mại
dân số
gia đình
trẻ em
lao động
thương binh
người có công
phúc lợi
bảo trợ
dân tộc
tôn giáo
thanh tra
kiểm tra
giám sát
""")

# The commonest words of administrative prose: the reading to prefer when a folded word has
# several (`cua` is «của» far more often than «cửa»).
COMMON_WORDS = _words("""
của và các số về đến năm trên địa bàn những được trong với cho người nhân dân tại theo từ để
là có này khi đã đang sẽ hoặc đồng thời cũng như nhằm qua sau trước ngày tháng việc công tác
thực hiện triển khai tuyên truyền nội dung hình thức kế hoạch nghị quyết quyết định chính trị
phát triển khoa học công nghệ đổi mới sáng tạo chuyển đổi quốc gia đột phá
""")

# Frequent words of place and personal names, so that OCR'd names get their marks back.
NAME_WORDS = _words("""
an anh ánh bà bá bách bạch bảo bắc bằng bình bích biên cẩm cần cao cát chánh châu chiến chinh
chính chung cường cử cương dân diệp diệu du dũng dung duy dương đại đan đạo đạt đăng đức đông
đồng định điền điệp đình giang gia hà hải hạnh hào hằng hậu hiền hiển hiệp hiếu hòa hoa hoài
hoàn hoàng hồng hùng hưng hương hữu huy huyền huệ khang khánh khoa khôi kiên kiều kim kỳ lan
lâm lạc lam lệ lễ liên linh loan long lộc lợi luân lực ly lý mai mạnh minh mỹ nam nga ngân
nghĩa ngọc nguyên nhân nhật nhung ninh oanh phát phong phú phúc phụng phương phượng quang quân
quế quốc quý quyên quyết quỳnh sang sơn sinh tâm tân tấn thái thanh thành thảo thắng thịnh thọ
thơ thông thu thúy thủy thư thương tiến tiên tín toàn trang trâm trí trinh trọng trung trúc
tú tuấn tùng tuyết tường uyên văn vân viên việt vinh vĩnh võ vũ vương xuân yên yến
""")
