package vntext

import (
	"math"
	"strconv"
	"strings"
)

// Int formats n with dots between thousands: 1234567 → "1.234.567".
func Int(n int64) string {
	var buf [27]byte // 19 digits, 6 dots, sign
	u := uint64(n)
	if n < 0 {
		u = -u // also right for math.MinInt64
	}
	i := len(buf)
	for d := 0; ; d++ {
		if d > 0 && d%3 == 0 {
			i--
			buf[i] = '.'
		}
		i--
		buf[i] = byte('0' + u%10)
		if u /= 10; u == 0 {
			break
		}
	}
	if n < 0 {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// Decimal formats f with places decimals, Vietnamese style: "1.234,50".
func Decimal(f float64, places int) string {
	// Rounding is half away from zero on the shortest decimal form of f, as
	// people round by hand (1.005 → "1,01"), not on its binary value.
	return formatDecimal(f, 0, places)
}

// Percent formats a ratio as a percentage: Percent(2.0/3, 1) == "66,7%".
func Percent(f float64, places int) string {
	return formatDecimal(f, 2, places) + "%"
}

// formatDecimal formats f×10^shift; the shift is done on the decimal digits
// so 0.285 is 28.5 exactly, not 28.499999999999996.
func formatDecimal(f float64, shift, places int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "∞"
	case math.IsInf(f, -1):
		return "-∞"
	}
	places = max(places, 0)
	s := strconv.FormatFloat(math.Abs(f), 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	digits := []byte(intPart + frac)
	point := len(intPart) + shift // digits before the decimal point
	for len(digits) < point {
		digits = append(digits, '0')
	}
	if need := point + places; len(digits) > need {
		up := digits[need] >= '5'
		digits = digits[:need]
		for i := need - 1; up && i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
			} else {
				digits[i]++
				up = false
			}
		}
		if up {
			digits = append([]byte{'1'}, digits...)
			point++
		}
	} else {
		for len(digits) < need {
			digits = append(digits, '0')
		}
	}
	intDigits := strings.TrimLeft(string(digits[:point]), "0")
	if intDigits == "" {
		intDigits = "0"
	}
	var b strings.Builder
	if f < 0 && strings.Trim(string(digits), "0") != "" {
		b.WriteByte('-') // no "-0,00"
	}
	for i := range len(intDigits) {
		if i > 0 && (len(intDigits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteByte(intDigits[i])
	}
	if places > 0 {
		b.WriteByte(',')
		b.Write(digits[point:])
	}
	return b.String()
}
