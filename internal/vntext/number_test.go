package vntext

import (
	"math"
	"testing"
)

func TestInt(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{999, "999"},
		{1000, "1.000"},
		{1234567, "1.234.567"},
		{-1, "-1"},
		{-1000, "-1.000"},
		{-123456, "-123.456"},
		{math.MaxInt64, "9.223.372.036.854.775.807"},
		{math.MinInt64, "-9.223.372.036.854.775.808"},
	}
	for _, tt := range tests {
		if got := Int(tt.n); got != tt.want {
			t.Errorf("Int(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestDecimal(t *testing.T) {
	tests := []struct {
		f      float64
		places int
		want   string
	}{
		{12.5, 1, "12,5"},
		{1234.5, 2, "1.234,50"},
		{0, 2, "0,00"},
		{0, 0, "0"},
		{12.5, 0, "13"}, // half away from zero
		{-12.5, 0, "-13"},
		{1.005, 2, "1,01"}, // as written, not as stored in binary
		{2.675, 2, "2,68"},
		{9.995, 2, "10,00"},
		{999999.996, 2, "1.000.000,00"},
		{0.004, 2, "0,00"},
		{-0.004, 2, "0,00"}, // no "-0,00"
		{math.Copysign(0, -1), 1, "0,0"},
		{-1234567.891, 2, "-1.234.567,89"},
		{1e21, 0, "1.000.000.000.000.000.000.000"},
		{0.1, -3, "0"},
		{123.456, 5, "123,45600"},
		{math.NaN(), 2, "NaN"},
		{math.Inf(1), 2, "∞"},
		{math.Inf(-1), 2, "-∞"},
	}
	for _, tt := range tests {
		if got := Decimal(tt.f, tt.places); got != tt.want {
			t.Errorf("Decimal(%v, %d) = %q, want %q", tt.f, tt.places, got, tt.want)
		}
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		f      float64
		places int
		want   string
	}{
		{2.0 / 3, 1, "66,7%"},
		{0.5, 0, "50%"},
		{1, 0, "100%"},
		{0, 1, "0,0%"},
		{0.285, 0, "29%"}, // 28.5, not 28.499999999999996
		{0.125, 0, "13%"},
		{0.12345, 2, "12,35%"},
		{12.5, 0, "1.250%"},
		{-0.05, 1, "-5,0%"},
	}
	for _, tt := range tests {
		if got := Percent(tt.f, tt.places); got != tt.want {
			t.Errorf("Percent(%v, %d) = %q, want %q", tt.f, tt.places, got, tt.want)
		}
	}
}
