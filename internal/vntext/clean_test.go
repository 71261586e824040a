package vntext

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{" \t\n\r\n ", ""},
		{"Nguyễn Văn An", "Nguyễn Văn An"},
		{norm.NFD.String("Nguyễn Văn Đức"), "Nguyễn Văn Đức"},
		{"  Đảng ủy xã  ", "Đảng ủy xã"},
		{"\u00a0Bí thư\u00a0", "Bí thư"},
		{"dòng 1\r\ndòng 2\rdòng 3\n", "dòng 1\ndòng 2\ndòng 3"},
		{"a\r\r\nb", "a\n\nb"},
		{"cột\tcột", "cột\tcột"},
		{"Nguyễn Văn\vAn\fTrang 2", "Nguyễn Văn\nAn\nTrang 2"}, // from Word
		{"a\x00b\x07c\x1bd\x7fe", "abcde"},
		{"\ufeffHọ và tên", "Họ và tên"},
		{"e\x00\u0301", "é"}, // the control sat between letter and mark
		{"ab\xffcd", "ab\ufffdcd"},
		{"Hai  dấu  cách", "Hai  dấu  cách"}, // inner spacing is kept in multi-line text
		{"  dòng 1\n  dòng 2  ", "dòng 1\n  dòng 2"},
		{"0\u0080a\u009fb\u0085c", "0ab\nc"}, // C1 controls from a wrong code page; NEL is a line break
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"Nguyễn Văn An", "Nguyễn Văn An"},
		{"  Nguyễn   Văn\tAn  ", "Nguyễn Văn An"},
		{"Nguyễn\r\nVăn\nAn", "Nguyễn Văn An"},
		{"Nguyễn\u00a0Văn\u2003An", "Nguyễn Văn An"},
		{norm.NFD.String(" Trần  Thị Thủy "), "Trần Thị Thủy"},
		{"Lê\x00 Văn", "Lê Văn"},
		{"Lê\vVăn", "Lê Văn"},
		{"a \u00a0 b", "a b"},
	}
	for _, tt := range tests {
		if got := CleanLine(tt.in); got != tt.want {
			t.Errorf("CleanLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanPlainNoAlloc(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = Clean(" Nguyen Van An ") }); n != 0 {
		t.Errorf("Clean of plain ASCII allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = CleanLine("Nguyễn Văn An") }); n != 0 {
		t.Errorf("CleanLine of clean NFC allocates %v times", n)
	}
}
