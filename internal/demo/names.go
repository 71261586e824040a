package demo

// Vietnamese names, weighted roughly as they occur in the Mekong delta.
var (
	familyNames = []string{"Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Huỳnh", "Huỳnh",
		"Võ", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ", "Dương", "Đinh", "Lâm", "Châu", "Tô",
		"Mai", "Lý", "Đoàn", "Cao", "Tạ", "Thái"}
	maleMiddle   = []string{"Văn", "Văn", "Văn", "Minh", "Thanh", "Hữu", "Quốc", "Thành", "Hoàng", "Công", "Đức", "Tấn", "Chí"}
	femaleMiddle = []string{"Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Thu", "Mỹ", "Hồng", "Bích", "Phương"}
	maleGiven    = []string{"Hùng", "Dũng", "Đức", "Tâm", "Phong", "Tuấn", "Hải", "Bình", "Cường", "Thắng", "Nghĩa",
		"Quang", "Khánh", "Long", "Sơn", "Toàn", "Trung", "Vinh", "Hiếu", "Lộc", "Phúc", "Tài", "Nhân", "Thịnh",
		"Kiệt", "Hòa", "Út", "Ân", "Định", "Thuận", "Tùng", "Đạt", "Lợi", "Triều", "Nam"}
	femaleGiven = []string{"Lan", "Hoa", "Mai", "Hương", "Thảo", "Trang", "Hạnh", "Nga", "Diễm", "Loan", "Yến",
		"Thủy", "Linh", "Phượng", "Nhung", "Tuyết", "Ánh", "Hằng", "Ngân", "Hiền", "Oanh", "Xuân", "Ơn"}
)

// communes are real commune-level units of the new Đồng Tháp (DOMAIN.md §1).
var communes = []struct {
	unit string
	name string
}{
	{"phuong", "Mỹ Tho"}, {"phuong", "Cao Lãnh"}, {"phuong", "Sa Đéc"}, {"phuong", "Hồng Ngự"},
	{"phuong", "Gò Công"}, {"phuong", "Cai Lậy"}, {"phuong", "Đạo Thạnh"}, {"phuong", "Mỹ Phong"},
	{"phuong", "Thới Sơn"}, {"phuong", "Trung An"}, {"phuong", "Long Thuận"}, {"phuong", "Bình Xuân"},
	{"phuong", "Sơn Qui"}, {"phuong", "An Bình"}, {"phuong", "Thường Lạc"}, {"phuong", "Mỹ Ngãi"},
	{"phuong", "Mỹ Trà"}, {"phuong", "Mỹ Phước Tây"}, {"phuong", "Thanh Hoà"}, {"phuong", "Nhị Quý"},
	{"xa", "Tân Hồng"}, {"xa", "Tràm Chim"}, {"xa", "Tháp Mười"}, {"xa", "Lấp Vò"}, {"xa", "Lai Vung"},
	{"xa", "Cái Bè"}, {"xa", "Chợ Gạo"}, {"xa", "Châu Thành"}, {"xa", "Tân Phước 1"}, {"xa", "Đốc Binh Kiều"},
	{"xa", "Mỹ Hiệp"},
}

// Areas of responsibility of the standing committee, as commune reports put them.
var (
	areaSecretary = []string{"Phụ trách chung"}
	areaStanding  = []string{"Công tác xây dựng Đảng", "Khối Đảng, Mặt trận và các đoàn thể"}
	areaDeputy    = []string{"Khối chính quyền", "Phát triển kinh tế - xã hội"}
	btvAreas      = [][]string{
		{"Tổ chức, cán bộ", "Bảo vệ chính trị nội bộ"},
		{"Tuyên giáo, dân vận", "Công tác tư tưởng"},
		{"Kiểm tra, giám sát, kỷ luật đảng"},
		{"Quốc phòng, an ninh"},
		{"Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội"},
		{"Văn hóa - xã hội", "Thi đua, khen thưởng"},
		{"Kinh tế, nông nghiệp, nông thôn mới"},
	}
)
