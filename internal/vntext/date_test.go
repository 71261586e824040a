package vntext

import (
	"errors"
	"testing"
	"time"
)

func TestLocation(t *testing.T) {
	loc := Location()
	if loc.String() != "Asia/Ho_Chi_Minh" {
		t.Errorf("Location() = %v", loc)
	}
	if _, off := time.Date(2026, 1, 9, 0, 0, 0, 0, loc).Zone(); off != 7*3600 {
		t.Errorf("offset = %d, want +7h", off)
	}
	if Location() != loc {
		t.Error("Location is not cached")
	}
}

func TestDate(t *testing.T) {
	vn := Location()
	tests := []struct {
		t                      time.Time
		date, monthYear, short string
	}{
		{time.Date(2026, 1, 9, 14, 5, 0, 0, vn), "ngày 09 tháng 01 năm 2026", "tháng 01 năm 2026", "09/01/2026"},
		{time.Date(2026, 2, 28, 0, 0, 0, 0, vn), "ngày 28 tháng 02 năm 2026", "tháng 02 năm 2026", "28/02/2026"},
		{time.Date(2026, 4, 3, 0, 0, 0, 0, vn), "ngày 03 tháng 4 năm 2026", "tháng 4 năm 2026", "03/04/2026"},
		{time.Date(2025, 12, 15, 0, 0, 0, 0, vn), "ngày 15 tháng 12 năm 2025", "tháng 12 năm 2025", "15/12/2025"},
		{time.Date(2025, 3, 10, 0, 0, 0, 0, vn), "ngày 10 tháng 3 năm 2025", "tháng 3 năm 2025", "10/03/2025"},
		{time.Date(2025, 11, 1, 0, 0, 0, 0, vn), "ngày 01 tháng 11 năm 2025", "tháng 11 năm 2025", "01/11/2025"},
		// 20:00 UTC on 8 January is already 9 January in Vietnam.
		{time.Date(2026, 1, 8, 20, 0, 0, 0, time.UTC), "ngày 09 tháng 01 năm 2026", "tháng 01 năm 2026", "09/01/2026"},
		// 31 December 17:30 UTC is New Year in Vietnam.
		{time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC), "ngày 01 tháng 01 năm 2026", "tháng 01 năm 2026", "01/01/2026"},
	}
	for _, tt := range tests {
		if got := Date(tt.t); got != tt.date {
			t.Errorf("Date(%v) = %q, want %q", tt.t, got, tt.date)
		}
		if got := MonthYear(tt.t); got != tt.monthYear {
			t.Errorf("MonthYear(%v) = %q, want %q", tt.t, got, tt.monthYear)
		}
		if got := ShortDate(tt.t); got != tt.short {
			t.Errorf("ShortDate(%v) = %q, want %q", tt.t, got, tt.short)
		}
	}
}

func TestPlaceDate(t *testing.T) {
	d := time.Date(2026, 1, 9, 0, 0, 0, 0, Location())
	tests := []struct{ place, want string }{
		{"Mỹ Tho", "Mỹ Tho, ngày 09 tháng 01 năm 2026"},
		{"  Mỹ  Tho ", "Mỹ Tho, ngày 09 tháng 01 năm 2026"},
		{"", "ngày 09 tháng 01 năm 2026"},
		{"   ", "ngày 09 tháng 01 năm 2026"},
	}
	for _, tt := range tests {
		if got := PlaceDate(tt.place, d); got != tt.want {
			t.Errorf("PlaceDate(%q) = %q, want %q", tt.place, got, tt.want)
		}
	}
}

func TestDateTime(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 1, 9, 14, 5, 0, 0, Location()), "09/01/2026 14:05"},
		{time.Date(2026, 1, 9, 7, 5, 59, 0, time.UTC), "09/01/2026 14:05"},
		{time.Date(2026, 1, 9, 17, 0, 0, 0, time.UTC), "10/01/2026 00:00"},
	}
	for _, tt := range tests {
		if got := DateTime(tt.t); got != tt.want {
			t.Errorf("DateTime(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	vn := Location()
	jan9 := time.Date(2026, 1, 9, 0, 0, 0, 0, vn)
	ok := []struct {
		in   string
		want time.Time
	}{
		{"09/01/2026", jan9},
		{"9/1/2026", jan9},
		{"09-01-2026", jan9},
		{"9.1.2026", jan9},
		{"2026-01-09", jan9},
		{"2026-1-9", jan9},
		{"  09/01/2026 ", jan9},
		{"\u00a009/01/2026", jan9},
		{"29/02/2024", time.Date(2024, 2, 29, 0, 0, 0, 0, vn)},
		{"31/12/2200", time.Date(2200, 12, 31, 0, 0, 0, 0, vn)},
		{"01/01/1900", time.Date(1900, 1, 1, 0, 0, 0, 0, vn)},
	}
	for _, tt := range ok {
		got, err := ParseDate(tt.in)
		if err != nil || !got.Equal(tt.want) || got.Location() != vn {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	bad := []struct{ in, msg string }{
		{"", "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 09/01/2026."},
		{"   ", "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 09/01/2026."},
		{"hôm nay", "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 09/01/2026."},
		{"09/01", "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 09/01/2026."},
		{"09/01-2026", "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 09/01/2026."},
		{"09/01/2026/", "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 09/01/2026."},
		{"09/01/20261", "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 09/01/2026."},
		{"009/01/2026", "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 09/01/2026."},
		{"2026/01/09", "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 09/01/2026."},
		{"-1/01/2026", "Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 09/01/2026."},
		{"9/1/26", "Năm phải có đủ 4 chữ số, ví dụ 09/01/2026."},
		{"31/02/2026", "Ngày 31/02/2026 không tồn tại: tháng 2 năm 2026 chỉ có 28 ngày."},
		{"29/02/2025", "Ngày 29/02/2025 không tồn tại: tháng 2 năm 2025 chỉ có 28 ngày."},
		{"31/04/2026", "Ngày 31/04/2026 không tồn tại: tháng 4 năm 2026 chỉ có 30 ngày."},
		{"00/01/2026", "Ngày 00/01/2026 không tồn tại: tháng 1 năm 2026 chỉ có 31 ngày."},
		{"09/13/2026", "Tháng 13 không hợp lệ: tháng phải từ 1 đến 12."},
		{"09/00/2026", "Tháng 0 không hợp lệ: tháng phải từ 1 đến 12."},
		{"31/12/1899", "Năm 1899 không hợp lệ: năm phải từ 1900 đến 2200."},
		{"01/01/2201", "Năm 2201 không hợp lệ: năm phải từ 1900 đến 2200."},
		{"0000-01-01", "Năm 0 không hợp lệ: năm phải từ 1900 đến 2200."},
	}
	for _, tt := range bad {
		got, err := ParseDate(tt.in)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, want error", tt.in, got)
			continue
		}
		if err.Error() != tt.msg {
			t.Errorf("ParseDate(%q) error %q, want %q", tt.in, err, tt.msg)
		}
		if !errors.Is(err, ErrInvalidDate) {
			t.Errorf("ParseDate(%q) error is not ErrInvalidDate", tt.in)
		}
	}
}
