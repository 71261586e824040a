package docgen

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func samplePacket() []Part {
	nq, bb := samples()["nghi-quyet"], longMinutes(3)
	nq.Draft = true
	return []Part{
		{Title: "Chương trình hội nghị", Doc: ptr(samples()["chuong-trinh"])},
		{Title: "Dự thảo nghị quyết về phát triển kinh tế - xã hội năm 2026", Doc: &nq},
		{Title: "Báo cáo tài chính năm 2025 (tệp Excel)", Note: "Tài liệu này là tệp Excel, xem riêng trong hệ thống: bao-cao-tai-chinh-2025.xlsx."},
		{Title: "Biên bản hội nghị tháng 12 năm 2025", Doc: &bb},
		{Title: "Tờ trình kết nạp đảng viên", Doc: ptr(samples()["to-trinh"])},
	}
}

func ptr[T any](v T) *T { return &v }

var tocLineRE = regexp.MustCompile(`^(\d+)\. (.*?) ?\.{3,} ?(\d+)$`)

func TestBook(t *testing.T) {
	parts := samplePacket()
	var buf bytes.Buffer
	if err := Book(&buf, "Tài liệu hội nghị Ban Chấp hành Đảng bộ phường tháng 01 năm 2026", parts, DefaultLayout()); err != nil {
		t.Fatal(err)
	}
	pdf := buf.Bytes()
	pages := pageCount(t, pdf)

	cover := page(t, pdf, 1)
	if !strings.Contains(squeeze(cover), "TÀI LIỆU HỘI NGHỊ") || strings.TrimSpace(firstLine(cover)) == "1" {
		t.Errorf("cover page:\n%s", cover)
	}
	toc := page(t, pdf, 2)
	if firstLine(toc) != "2" || !strings.Contains(toc, "MỤC LỤC") {
		t.Errorf("contents page:\n%s", toc)
	}
	seen := map[int]int{}
	last := 2
	for _, line := range strings.Split(toc, "\n") {
		m := tocLineRE.FindStringSubmatch(strings.TrimSpace(squeeze(line)))
		if m == nil {
			continue
		}
		i, _ := strconv.Atoi(m[1])
		start, _ := strconv.Atoi(m[3])
		seen[i] = start
		if i < 1 || i > len(parts) {
			t.Fatalf("contents line %q names part %d", line, i)
		}
		if m[2] != parts[i-1].Title {
			t.Errorf("contents line %d reads %q, want %q", i, m[2], parts[i-1].Title)
		}
		if start <= last || start > pages {
			t.Errorf("part %d starts on page %d: after %d and within %d pages expected", i, start, last, pages)
		}
		last = start
		// The part's title is really on the page the contents name, and
		// the page before ends the previous part.
		if got := squeeze(page(t, pdf, start)); !strings.Contains(got, parts[i-1].Title) {
			t.Errorf("page %d does not carry part %d's title %q:\n%s", start, i, parts[i-1].Title, got)
		}
		if first := firstLine(page(t, pdf, start)); first != strconv.Itoa(start) {
			t.Errorf("page %d starts with %q, want its number", start, first)
		}
	}
	if len(seen) != len(parts) {
		t.Errorf("the contents list %d parts, want %d:\n%s", len(seen), len(parts), toc)
	}
	// The minutes run over several pages: the next part starts after them.
	if seen[5]-seen[4] < 3 {
		t.Errorf("the 3-page minutes take pages %d to %d", seen[4], seen[5]-1)
	}
}

func TestBookRefuses(t *testing.T) {
	var buf bytes.Buffer
	if err := Book(&buf, " ", nil, DefaultLayout()); err == nil || !strings.Contains(err.Error(), "tên tập tài liệu") {
		t.Errorf("an empty packet without a title: %v", err)
	}
	err := Book(&buf, "Tài liệu", []Part{{Title: "x", Doc: &Document{}}}, DefaultLayout())
	if err == nil || !strings.Contains(err.Error(), "Tài liệu 1:") {
		t.Errorf("a part without issuer: %v", err)
	}
}
