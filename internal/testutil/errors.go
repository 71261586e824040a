package testutil

import (
	"errors"
	"testing"
	"time"

	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

// FieldOf returns the first field of a validation error, or "".
func FieldOf(err error) string {
	var v *model.ValidationError
	if errors.As(err, &v) && len(v.Fields) > 0 {
		return v.Fields[0].Field
	}
	return ""
}

// FieldKey returns the message key of a validation error's first field.
func FieldKey(err error) string {
	var v *model.ValidationError
	if errors.As(err, &v) && len(v.Fields) > 0 {
		return v.Fields[0].Msg.Key
	}
	return ""
}

// RefusalKey returns the message key of a refusal, or "".
func RefusalKey(err error) string {
	var r *model.Refusal
	if errors.As(err, &r) {
		return r.Msg.Key
	}
	return ""
}

// VNAt is an hour of a day in Vietnam.
func VNAt(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, vntext.Location())
}

// PersonOf is the person of a demo account.
func (s *Server) PersonOf(t testing.TB, username string) int64 {
	t.Helper()
	return s.Actor(t, username).Account.PersonID
}
