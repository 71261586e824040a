package vntext

import (
	"strings"
	"testing"
)

func TestValidPhone(t *testing.T) {
	for s, want := range map[string]bool{
		"0912345678": true, "+84 912 345 678": true, "(028) 3823.4567": true, "12345678": true, "0912-345-678": true,
		"1234567": false, "1234567890123456": false, "09123a5678": false, "0912+345678": false, "": false,
	} {
		if got := ValidPhone(s); got != want {
			t.Errorf("ValidPhone(%q) = %v", s, got)
		}
	}
}

func TestValidEmail(t *testing.T) {
	for s, want := range map[string]bool{
		"ducnv@dongthap.gov.vn": true, "a.b+c@x.vn": true,
		"": false, "tam@": false, "@x.vn": false, "a@b": false, "a b@x.vn": false, "a@x.vn.": false,
		"Tâm <tam@x.vn>": false, "a@@x.vn": false, "0912345678": false, strings.Repeat("a", 250) + "@x.vn": false,
	} {
		if got := ValidEmail(s); got != want {
			t.Errorf("ValidEmail(%q) = %v", s, got)
		}
	}
}
