package targets

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Number is a number as typed: "12,5" (Vietnamese decimal comma), "1.234,5",
// "12.5" or a JSON number. It is parsed by ParseNumber when checked, so
// that a bad one is a field error, not a decoding failure.
type Number string

// UnmarshalJSON takes a JSON number or a string.
func (n *Number) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*n = Number(s)
		return nil
	}
	if string(b) == "null" {
		*n = ""
		return nil
	}
	*n = Number(b)
	return nil
}

// thousands matches digits grouped by dots: "1.234", "12.345.678".
var thousands = regexp.MustCompile(`^[+-]?\d{1,3}(\.\d{3})+$`)

// ParseNumber reads a number as people in the commune write it. A comma is
// the decimal sign and dots then group thousands ("1.234,5"); with no
// comma, dots grouping whole thousands are thousands ("1.234" is 1234) and
// a single other dot is a decimal point ("12.5"). Spaces are ignored. NaN
// and infinities are not numbers.
func ParseNumber(s string) (float64, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		if r == '−' {
			return '-'
		}
		return r
	}, s)
	if s == "" {
		return 0, false
	}
	switch {
	case strings.Contains(s, ","):
		if strings.Count(s, ",") > 1 {
			return 0, false
		}
		intPart, _, _ := strings.Cut(s, ",")
		if strings.Contains(intPart, ".") && !thousands.MatchString(intPart) {
			return 0, false
		}
		s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	case thousands.MatchString(s):
		s = strings.ReplaceAll(s, ".", "")
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-' || r == '+' || r == 'e' || r == 'E') {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}
