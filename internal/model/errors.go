// Package model holds the plain types shared by every layer: organisations,
// people, memberships, posts, accounts, and the error vocabulary that the web
// and API layers translate into HTTP statuses.
package model

import (
	"errors"
	"fmt"
)

// The error kinds every layer speaks. The web adapter maps them to 404, 409,
// 403 and 422; anything else is a 500.
var (
	// ErrNotFound is also what another organisation's object answers, so that
	// existence never leaks.
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("conflict")
	ErrForbidden = errors.New("forbidden")
)

// Msg is a message for the user: a catalog key and its arguments, rendered in
// the reader's language by the web and API layers.
type Msg struct {
	Key  string
	Args []any
}

// M builds a Msg.
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// FieldError is one field's problem.
type FieldError struct {
	Field string
	Msg   Msg
}

// ValidationError lists every bad field of one input; nothing was written.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	if len(e.Fields) == 0 {
		return "invalid input"
	}
	return fmt.Sprintf("invalid input: %s: %s", e.Fields[0].Field, e.Fields[0].Msg.Key)
}

// Add records a problem with a field.
func (e *ValidationError) Add(field, key string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Field: field, Msg: M(key, args...)})
}

// Has reports whether field already has a problem.
func (e *ValidationError) Has(field string) bool {
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns e when it holds problems, else nil.
func (e *ValidationError) Err() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}

// Refusal is a request that conflicts with the state of things (409), with a
// sentence for the user saying why.
type Refusal struct {
	Msg Msg
}

func (e *Refusal) Error() string { return "refused: " + e.Msg.Key }

// Is makes a Refusal match ErrConflict.
func (e *Refusal) Is(target error) bool { return target == ErrConflict }

// Refuse builds a Refusal.
func Refuse(key string, args ...any) error { return &Refusal{Msg: M(key, args...)} }

// Denial is a same-organisation request the actor may not make (403), with
// the reason. Objects the actor may not see are ErrNotFound instead.
type Denial struct {
	Msg Msg
}

func (e *Denial) Error() string { return "forbidden: " + e.Msg.Key }

// Is makes a Denial match ErrForbidden.
func (e *Denial) Is(target error) bool { return target == ErrForbidden }

// Deny builds a Denial.
func Deny(key string, args ...any) error { return &Denial{Msg: M(key, args...)} }
