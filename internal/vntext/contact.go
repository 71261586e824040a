package vntext

import (
	"net/mail"
	"strings"
)

// ValidPhone accepts 8 to 15 digits written as people write them, with
// spaces, dots, dashes or brackets, and an optional leading +.
func ValidPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')':
		case r == '+' && i == 0:
		default:
			return false
		}
	}
	return digits >= 8 && digits <= 15
}

// ValidEmail accepts a bare address (no display name) with a dotted domain,
// at most 254 characters.
func ValidEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return false
	}
	_, domain, _ := strings.Cut(s, "@")
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}
