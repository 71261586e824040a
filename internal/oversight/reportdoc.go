package oversight

import (
	"context"
	"fmt"
	"io"
	"nghisu/internal/model"
	"strings"

	"nghisu/internal/docgen"
	"nghisu/internal/record"
	"nghisu/internal/vntext"
)

// shortcomingTitles say each failure the way a report does.
var shortcomingTitles = map[string]string{
	"report.short.committee_held":   "Còn tháng không tổ chức hội nghị Ban Chấp hành thường kỳ",
	"report.short.papers_on_time":   "Gửi tài liệu hội nghị đến ủy viên chậm so với thời hạn",
	"report.short.standing_review":  "Ban Thường vụ chưa họp cho ý kiến trước hội nghị Ban Chấp hành",
	"report.short.areas_covered":    "Chương trình hội nghị còn thiếu nội dung bắt buộc",
	"report.short.decisions_voted":  "Chưa biểu quyết thông qua từng vấn đề",
	"report.short.minutes_timely":   "Biên bản hội nghị ký, vào sổ chậm",
	"report.short.chain_verified":   "Sổ biên bản có mục không khớp khi kiểm tra (cần xác minh ngay)",
	"report.short.questions_timely": "Trả lời chất vấn chậm hoặc chưa trả lời",
	"report.short.tasks_on_time":    "Nhiệm vụ hoàn thành chậm so với thời hạn",
	"report.short.overlaps":         "Chồng chéo trách nhiệm giữa đảng ủy, Mặt trận Tổ quốc và các đoàn thể",
	"report.short.concurrent":       "Kiêm nhiệm chức vụ cần xem xét",
}

// ShortcomingTitle is how the report names a shortcoming.
func ShortcomingTitle(key string) string { return shortcomingTitles[key] }

// rateLine is "- Gửi tài liệu đúng hạn: 120/150 (80%)." for the figures.
var rateLines = []struct {
	code Code
	text string
	unit string
}{
	{CommitteeHeld, "Tổ chức hội nghị Ban Chấp hành thường kỳ", "tháng"},
	{PapersOnTime, "Gửi tài liệu đúng thời hạn", "hội nghị"},
	{StandingReview, "Ban Thường vụ cho ý kiến trước hội nghị Ban Chấp hành", "hội nghị"},
	{AreasCovered, "Chương trình có đủ nội dung bắt buộc", "nội dung"},
	{Attendance, "Ủy viên dự họp", "lượt"},
	{Quorum, "Hội nghị đủ số lượng tối thiểu", "hội nghị"},
	{DecisionsVoted, "Vấn đề cần quyết định được biểu quyết", "vấn đề"},
	{MinutesTimely, "Biên bản ký, vào sổ trong " + "%d" + " ngày", "biên bản"},
	{ChainVerified, "Mục sổ biên bản kiểm tra toàn vẹn", "mục"},
	{QuestionsTimely, "Chất vấn được trả lời đúng hạn", "câu"},
	{TasksOnTime, "Nhiệm vụ hoàn thành đúng hạn", "nhiệm vụ"},
	{TargetsOnTrack, "Lượt chỉ tiêu đạt hoặc đúng tiến độ", "lượt"},
}

// Title is the report's subject line.
func (r *Report) Title() string {
	return fmt.Sprintf("Đánh giá kết quả thực hiện quy định về sinh hoạt định kỳ của đảng ủy xã, phường\n(từ %s đến %s)",
		monthWords(r.Period.From), monthWords(r.Period.To))
}

func monthWords(m string) string {
	t := monthStart(m)
	return fmt.Sprintf("tháng %d/%d", int(t.Month()), t.Year())
}

// Body is the report's text: headings "I.", lists "- ", as the record's
// documents are written, so that one parser sets it on the page, in the
// PDF and in the DOCX.
func (r *Report) Body() string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("I. TÌNH HÌNH CHUNG")
	line("Trong kỳ từ %s đến %s, Tỉnh ủy theo dõi việc thực hiện sinh hoạt định kỳ của %d đảng ủy xã, phường (%d phường, %d xã) qua hệ thống số liệu hội nghị; %d đơn vị có số liệu để chấm điểm.",
		monthWords(r.Period.From), monthWords(r.Period.To), r.Communes, r.Wards, r.Communes-r.Wards, r.Scored)
	if r.Scored > 0 {
		line("Điểm bình quân toàn tỉnh đạt %s/100 điểm; %d đơn vị đạt từ %s điểm trở lên, %d đơn vị dưới %s điểm.",
			Decimal(r.Mean, 1), len(r.Good), Decimal(GoodScore, 0), len(r.Weak), Decimal(WeakScore, 0))
	}
	line("Kết quả một số chỉ số chủ yếu:")
	for _, rl := range rateLines {
		v := r.Totals[rl.code]
		if !v.Applies() {
			continue
		}
		text := rl.text
		if strings.Contains(text, "%d") {
			text = fmt.Sprintf(text, r.MinutesDays)
		}
		line("- %s: %s/%s %s (%s).", text, vntext.Int(int64(v.Num)), vntext.Int(int64(v.Den)), rl.unit, Percent(v))
	}
	line("- Ban Thường vụ họp %d hội nghị; %d hội nghị hoãn hoặc hủy; %d lần xin ý kiến bằng văn bản thay cho họp thêm.",
		r.Totals[StandingHeld].Num, r.Totals[Cancelled].Num, r.Totals[OpinionsWritten].Num)
	line("- Ủy viên nêu %d câu chất vấn; %d nhiệm vụ đến hạn, trong đó %d nhiệm vụ trễ hạn.",
		r.Totals[QuestionsAsked].Num, r.Totals[TasksDue].Num, r.Totals[TasksLate].Num)

	line("II. ƯU ĐIỂM")
	if len(r.Good) > 0 {
		line("Các đảng ủy thực hiện tốt (điểm bình quân từ %s trở lên): %s.", Decimal(GoodScore, 0), findings(r.Good, 0))
	} else {
		line("Trong kỳ chưa có đảng ủy đạt điểm bình quân từ %s trở lên.", Decimal(GoodScore, 0))
	}
	if best := r.bestIndicators(); best != "" {
		line("Các mặt thực hiện tốt trên toàn tỉnh: %s.", best)
	}

	line("III. HẠN CHẾ, KHUYẾT ĐIỂM")
	if len(r.Shortcomings) == 0 {
		line("Trong kỳ không phát hiện hạn chế đáng kể qua số liệu.")
	}
	for i, sh := range r.Shortcomings {
		line("%d. %s", i+1, ShortcomingTitle(sh.Key))
		if len(sh.Communes) > 0 {
			line("- %d đơn vị: %s.", len(sh.Communes), findings(sh.Communes, 12))
		}
		for _, l := range sh.Lines {
			line("- %s.", strings.TrimSuffix(l, "."))
		}
	}
	if len(r.Weak) > 0 {
		line("Các đơn vị có điểm bình quân dưới %s cần được chỉ đạo, kiểm tra: %s.", Decimal(WeakScore, 0), findings(r.Weak, 0))
	}

	line("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
	b.WriteString(strings.TrimSpace(r.Directions))
	b.WriteString("\n")
	line("Ghi chú: số liệu tổng hợp từ hồ sơ hội nghị trên hệ thống. Điểm tháng = 100 × Σ(trọng số × tỷ lệ đạt) / Σ(trọng số) của các chỉ số có phát sinh; điểm kỳ là bình quân các tháng. Trọng số, các ngưỡng %s và %s điểm và tỷ lệ %s%% là mặc định, chưa xác minh.",
		Decimal(GoodScore, 0), Decimal(WeakScore, 0), Decimal(ShortRate*100, 0))
	return b.String()
}

// findings names communes with their numbers: "phường Mỹ Tho (96,2 điểm)"
// or "(3/12)"; at most n (0: all), then "và k đơn vị khác".
func findings(fs []Finding, n int) string {
	var parts []string
	for i, f := range fs {
		if n > 0 && i == n {
			parts = append(parts, fmt.Sprintf("và %d đơn vị khác", len(fs)-n))
			break
		}
		if f.Value.Den > 0 {
			parts = append(parts, fmt.Sprintf("%s (%d/%d)", ShortName(f.Commune), f.Value.Num, f.Value.Den))
		} else {
			parts = append(parts, fmt.Sprintf("%s (%s điểm)", ShortName(f.Commune), Decimal(f.Score, 1)))
		}
	}
	return strings.Join(parts, ", ")
}

// bestIndicators names the rates at 95% or more across the province.
func (r *Report) bestIndicators() string {
	var out []string
	for _, rl := range rateLines {
		if v := r.Totals[rl.code]; v.Applies() && v.Rate() >= 0.95 {
			text := rl.text
			if strings.Contains(text, "%d") {
				text = fmt.Sprintf(text, r.MinutesDays)
			}
			out = append(out, vntext.LowerFirst(text)+" ("+Percent(v)+")")
		}
	}
	return strings.Join(out, "; ")
}

// Document lays the report out as a party document: a draft of the
// Tỉnh ủy, number and date left for the office to fill in.
func (r *Report) Document() docgen.Document {
	place := r.Province.Place
	return docgen.Document{
		Issuer:     "TỈNH ỦY " + strings.ToUpper(place),
		Number:     "Số       -BC/TU",
		Place:      place,
		TypeName:   "BÁO CÁO",
		Subject:    r.Title(),
		Blocks:     record.Blocks(r.Body()),
		Signatures: []docgen.Signature{{Capacity: "T/M BAN THƯỜNG VỤ", Title: "PHÓ BÍ THƯ"}},
		Recipients: []string{"- Ban Thường vụ Tỉnh ủy,", "- Các đảng ủy xã, phường,", "- Lưu Văn phòng Tỉnh ủy."},
		Draft:      true,
	}
}

// ReportFile renders the report as "pdf" or "docx" and names the file.
func (s *Service) ReportFile(ctx context.Context, r *Report, format string, w io.Writer) (string, error) {
	l := docgen.DefaultLayout()
	if s.Layout != nil {
		var err error
		if l, err = s.Layout(ctx, r.Province); err != nil {
			return "", err
		}
	}
	name := vntext.FileName(fmt.Sprintf("bao-cao-sinh-hoat-dinh-ky-%s-%s.%s", r.Period.From, r.Period.To, format))
	switch format {
	case "pdf":
		return name, docgen.PDF(w, r.Document(), l)
	case "docx":
		return name, docgen.DOCX(w, r.Document(), l)
	}
	return "", model.ErrNotFound
}
