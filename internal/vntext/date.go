package vntext

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Windows and minimal containers have no zoneinfo
)

// Year range ParseDate accepts; outside it a date is almost surely a typo.
const (
	minYear = 1900
	maxYear = 2200
)

// ErrInvalidDate matches, with errors.Is, every ParseDate error.
var ErrInvalidDate = errors.New("ngày không hợp lệ")

// dateError is a ParseDate error; its text is a Vietnamese sentence that can
// be shown to the user as is.
type dateError string

func (e dateError) Error() string        { return string(e) }
func (e dateError) Is(target error) bool { return target == ErrInvalidDate }

const errDateFormat = dateError("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 09/01/2026.")

var location = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		// Unreachable with time/tzdata; Vietnam has had no DST since 1975.
		return time.FixedZone("ICT", 7*60*60)
	}
	return loc
})

// Location returns the Asia/Ho_Chi_Minh time zone.
func Location() *time.Location { return location() }

// Date formats t in Vietnam time as "ngày 09 tháng 01 năm 2026".
func Date(t time.Time) string {
	t = t.In(Location())
	return "ngày " + pad2(t.Day()) + " tháng " + month(t.Month()) + " năm " + strconv.Itoa(t.Year())
}

// PlaceDate formats a document's place and date: "Mỹ Tho, ngày 09 tháng 01 năm 2026".
func PlaceDate(place string, t time.Time) string {
	if place = CleanLine(place); place == "" {
		return Date(t)
	}
	return place + ", " + Date(t)
}

// MonthYear formats t in Vietnam time as "tháng 01 năm 2026".
func MonthYear(t time.Time) string {
	t = t.In(Location())
	return "tháng " + month(t.Month()) + " năm " + strconv.Itoa(t.Year())
}

// ShortDate formats t in Vietnam time as dd/mm/yyyy.
func ShortDate(t time.Time) string { return t.In(Location()).Format("02/01/2006") }

// DateTime formats t in Vietnam time as "dd/mm/yyyy hh:mm".
func DateTime(t time.Time) string { return t.In(Location()).Format("02/01/2006 15:04") }

// month writes months 1 and 2 with a leading zero and others without, the
// document rule that stops "tháng 1" being altered into "tháng 11" or "12".
func month(m time.Month) string {
	if m <= 2 {
		return pad2(int(m))
	}
	return strconv.Itoa(int(m))
}

func pad2(n int) string {
	if n >= 0 && n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// ParseDate parses d/m/yyyy (also with - or .) or yyyy-mm-dd as midnight in Vietnam time.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	var f [3]int
	var width [3]int
	var sep byte
	i := 0
	for n := range 3 {
		if n > 0 {
			if i >= len(s) || (s[i] != '/' && s[i] != '-' && s[i] != '.') || (n == 2 && s[i] != sep) {
				return time.Time{}, errDateFormat
			}
			sep = s[i]
			i++
		}
		for i < len(s) && '0' <= s[i] && s[i] <= '9' && width[n] < 4 {
			f[n] = f[n]*10 + int(s[i]-'0')
			width[n]++
			i++
		}
		if width[n] == 0 {
			return time.Time{}, errDateFormat
		}
	}
	if i != len(s) {
		return time.Time{}, errDateFormat
	}
	var d, m, y int
	switch {
	case width[0] == 4 && width[1] <= 2 && width[2] <= 2 && sep == '-':
		y, m, d = f[0], f[1], f[2]
	case width[0] <= 2 && width[1] <= 2:
		d, m, y = f[0], f[1], f[2]
		if width[2] != 4 {
			// "9/1/26": guessing the century is how wrong dates get in.
			return time.Time{}, dateError("Năm phải có đủ 4 chữ số, ví dụ 09/01/2026.")
		}
	default:
		return time.Time{}, errDateFormat
	}
	if y < minYear || y > maxYear {
		return time.Time{}, dateError("Năm " + strconv.Itoa(y) + " không hợp lệ: năm phải từ " +
			strconv.Itoa(minYear) + " đến " + strconv.Itoa(maxYear) + ".")
	}
	if m < 1 || m > 12 {
		return time.Time{}, dateError("Tháng " + strconv.Itoa(m) + " không hợp lệ: tháng phải từ 1 đến 12.")
	}
	if last := daysIn(time.Month(m), y); d < 1 || d > last {
		return time.Time{}, dateError("Ngày " + pad2(d) + "/" + pad2(m) + "/" + strconv.Itoa(y) +
			" không tồn tại: tháng " + strconv.Itoa(m) + " năm " + strconv.Itoa(y) +
			" chỉ có " + strconv.Itoa(last) + " ngày.")
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, Location()), nil
}

// daysIn returns the number of days in month m of year y.
func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
