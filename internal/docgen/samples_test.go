package docgen

import (
	"fmt"
	"time"
)

var sampleDate = time.Date(2026, 1, 9, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

func sampleHeader(number, typeName, subject string) Document {
	return Document{
		Superior: "Đảng bộ tỉnh Đồng Tháp",
		Issuer:   "Đảng ủy phường Mỹ Tho",
		Number:   number,
		Place:    "Mỹ Tho",
		Date:     sampleDate,
		TypeName: typeName,
		Subject:  subject,
	}
}

var secretary = Signature{Capacity: "T/M Ban Thường vụ", Title: "Bí thư", Name: "Nguyễn Văn Thành"}

var usualRecipients = []string{"- Tỉnh ủy,", "- Các chi bộ trực thuộc,", "- Lưu VP."}

// samples are the document types the golden tests cover, by file name.
func samples() map[string]Document {
	m := map[string]Document{}

	d := sampleHeader("Số 05-NQ/ĐU", "Nghị quyết", "về phát triển kinh tế - xã hội năm 2026")
	d.Blocks = []Block{
		{Paragraph, "Căn cứ Điều lệ Đảng Cộng sản Việt Nam; căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ phường nhiệm kỳ 2025 - 2030, Ban Thường vụ Đảng ủy phường họp ngày 08 tháng 01 năm 2026."},
		{Centered, "QUYẾT NGHỊ:"},
		{Heading, "I. MỤC TIÊU"},
		{Paragraph, "Tập trung lãnh đạo, chỉ đạo thực hiện thắng lợi các chỉ tiêu kinh tế - xã hội năm 2026, giữ vững quốc phòng, an ninh, xây dựng Đảng bộ trong sạch, vững mạnh."},
		{Item, "- Tổng thu ngân sách trên địa bàn đạt 45 tỷ đồng, tăng 8% so với năm 2025; giải quyết việc làm mới cho 350 lao động, tỷ lệ hộ nghèo giảm còn dưới 0,5%."},
		{Item, "+ Kết nạp 25 đảng viên mới."},
	}
	d.Signatures = []Signature{secretary}
	d.Recipients = usualRecipients
	m["nghi-quyet"] = d

	d = sampleHeader("Số 12-TB/ĐU", "Thông báo", "kết luận của Ban Thường vụ Đảng ủy\ntại hội nghị ngày 08 tháng 01 năm 2026")
	d.Blocks = []Block{
		{Paragraph, "Ngày 08 tháng 01 năm 2026, Ban Thường vụ Đảng ủy phường họp nghe báo cáo tình hình thực hiện nhiệm vụ tháng 12 năm 2025. Sau khi thảo luận, Ban Thường vụ kết luận như sau:"},
		{Item, "- Thống nhất với báo cáo của Văn phòng Đảng ủy."},
	}
	d.Signatures = []Signature{{Capacity: "T/M Ban Thường vụ", Title: "Phó Bí thư", Name: "Trần Thị Hoa"}}
	d.Recipients = usualRecipients
	m["thong-bao-ket-luan"] = d

	d = sampleHeader("Số 03-BB/ĐU", "Biên bản", "hội nghị Ban Chấp hành Đảng bộ phường tháng 01 năm 2026")
	d.Blocks = []Block{
		{Paragraph, "Hội nghị bắt đầu lúc 08 giờ 00 phút ngày 09 tháng 01 năm 2026 tại hội trường Đảng ủy phường."},
		{Paragraph, "Chủ trì: đồng chí Nguyễn Văn Thành, Bí thư Đảng ủy. Thư ký: đồng chí Lê Văn Bình."},
		{Item, "- Có mặt 19/21 đồng chí; vắng 02 đồng chí (có lý do)."},
	}
	d.Signatures = []Signature{
		{Title: "Người ghi biên bản", Name: "Lê Văn Bình"},
		{Title: "Chủ trì hội nghị", Name: "Nguyễn Văn Thành", Note: "(Đã ký điện tử lúc 10:32 ngày 09/01/2026)"},
	}
	m["bien-ban"] = d

	d = sampleHeader("Số 20-BC/ĐU", "Báo cáo", "tình hình thực hiện nhiệm vụ tháng 12 năm 2025")
	d.Blocks = []Block{
		{Heading, "I. KẾT QUẢ THỰC HIỆN"},
		{Paragraph, "Trong tháng, Đảng ủy tập trung lãnh đạo các nhiệm vụ trọng tâm, hoàn thành 95% kế hoạch đề ra."},
	}
	d.Signatures = []Signature{secretary}
	d.Recipients = usualRecipients
	m["bao-cao"] = d

	d = sampleHeader("Số 04-TTr/ĐU", "Tờ trình", "về việc đề nghị kết nạp đảng viên")
	d.Blocks = []Block{{Paragraph, "Kính gửi: Ban Thường vụ Đảng ủy phường."}}
	d.Signatures = []Signature{{Capacity: "T/M Chi ủy", Title: "Bí thư", Name: "Phạm Văn Đức"}}
	d.Recipients = []string{"- Như trên,", "- Lưu VP."}
	m["to-trinh"] = d

	d = sampleHeader("Số 15-KH/ĐU", "Kế hoạch", "tổ chức hội nghị sơ kết 6 tháng đầu năm 2026")
	d.Blocks = []Block{{Heading, "I. MỤC ĐÍCH, YÊU CẦU"}, {Item, "- Đánh giá đúng kết quả."}}
	d.Signatures = []Signature{secretary}
	d.Recipients = usualRecipients
	m["ke-hoach"] = d

	d = sampleHeader("Số 02-CTr/ĐU", "Chương trình", "hội nghị Ban Chấp hành Đảng bộ phường lần thứ 5")
	d.Blocks = []Block{{Item, "- 07 giờ 30: Đón tiếp đại biểu."}, {Item, "- 08 giờ 00: Khai mạc hội nghị."}}
	d.Signatures = []Signature{secretary}
	d.Recipients = usualRecipients
	m["chuong-trinh"] = d

	d = sampleHeader("Số 30-GM/ĐU", "Giấy mời", "dự hội nghị Ban Chấp hành Đảng bộ phường")
	d.Blocks = []Block{{Paragraph, "Ban Thường vụ Đảng ủy phường trân trọng kính mời đồng chí tới dự hội nghị vào lúc 07 giờ 30 phút, ngày 15 tháng 01 năm 2026."}}
	d.Signatures = []Signature{{Capacity: "T/L Ban Thường vụ", Title: "Chánh Văn phòng", Name: "Võ Thị Mai"}}
	d.Recipients = []string{"- Như kính gửi,", "- Lưu VP."}
	m["giay-moi"] = d

	return m
}

// longMinutes is a biên bản of about pages pages: the benchmark's load and
// the visual check's subject.
func longMinutes(pages int) Document {
	d := samples()["bien-ban"]
	d.Blocks = nil
	for i := 1; len(d.Blocks) < pages*14; i++ {
		d.Blocks = append(d.Blocks,
			Block{Heading, fmt.Sprintf("%d. Nội dung thứ %d", i, i)},
			Block{Paragraph, fmt.Sprintf("Đồng chí Trần Văn Hùng, Phó Bí thư thường trực, trình bày tờ trình số %02d-TTr/ĐU về việc điều chỉnh kế hoạch đầu tư công trung hạn; nêu rõ những khó khăn, vướng mắc trong giải phóng mặt bằng và đề xuất các giải pháp tháo gỡ trong quý I năm 2026.", i)},
			Block{Item, "- Đồng chí Nguyễn Thị Lan phát biểu: đề nghị làm rõ nguồn vốn đối ứng, tiến độ bàn giao mặt bằng và trách nhiệm của từng cơ quan, đơn vị."},
			Block{Item, "- Biểu quyết: 19/21 đồng chí tán thành (90,48%), 0 không tán thành, 0 không biểu quyết."},
			Block{Paragraph, "Chủ trì kết luận: thống nhất thông qua, giao Văn phòng Đảng ủy hoàn chỉnh văn bản trình ký trước ngày 15 tháng 01 năm 2026; Ủy ban nhân dân phường tổ chức thực hiện, báo cáo kết quả tại hội nghị tháng 3."},
		)
	}
	return d
}
