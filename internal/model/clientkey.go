package model

import "regexp"

// clientKey is what a device may send as the key of a ballot or a comment:
// a random id it made, so that a resend after a lost answer is recognised.
var clientKey = regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`)

// IsClientKey reports whether s is a well-formed device key.
func IsClientKey(s string) bool { return clientKey.MatchString(s) }
