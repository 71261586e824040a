package org

import (
	"context"
	"fmt"
	"strings"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Person reads a person the actor sees.
func (s *Service) Person(ctx context.Context, a *auth.Actor, id int64) (*model.Person, *model.Org, error) {
	p, err := s.st.Person(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	o, err := s.st.Org(ctx, p.OrgID)
	if err != nil {
		return nil, nil, err
	}
	if !a.Sees(o) {
		return nil, nil, model.ErrNotFound
	}
	return p, o, nil
}

// SearchLimit caps one page of people.
const SearchLimit = 200

// People lists the people of an organisation (or, for orgID 0, of the
// actor's whole scope) whose names match text, diacritics ignored.
func (s *Service) People(ctx context.Context, a *auth.Actor, orgID int64, text string, limit, offset int) ([]model.Person, error) {
	q := store.PeopleQuery{Path: a.Scope.Path, Text: vntext.CleanLine(text), Limit: limit, Offset: offset}
	if orgID != 0 {
		if _, err := s.Org(ctx, a, orgID); err != nil {
			return nil, err
		}
		q.OrgID = orgID
	}
	if q.Limit <= 0 || q.Limit > SearchLimit {
		q.Limit = SearchLimit
	}
	return s.st.People(ctx, q)
}

// CreatePerson adds a person to a commune's records.
func (s *Service) CreatePerson(ctx context.Context, a *auth.Actor, orgID int64, in model.PersonInput) (*model.Person, error) {
	o, err := s.Org(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	if err := s.MayEdit(ctx, a, o); err != nil {
		return nil, err
	}
	if o.Kind != model.OrgCommune {
		return nil, validation("org_id", "person.commune_only")
	}
	p := &model.Person{OrgID: o.ID}
	if err := s.applyPerson(p, &in); err != nil {
		return nil, err
	}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.CreatePerson(ctx, p); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("person.create", "person", p.ID, p.OrgID, p.FullName))
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// UpdatePerson changes a person's details. in.Version must be the version
// the editor started from; a later save is refused, never silently merged.
func (s *Service) UpdatePerson(ctx context.Context, a *auth.Actor, id int64, in model.PersonInput) (*model.Person, error) {
	p, o, err := s.Person(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := s.MayEdit(ctx, a, o); err != nil {
		return nil, err
	}
	before := *p
	if err := s.applyPerson(p, &in); err != nil {
		return nil, err
	}
	p.Version = in.Version
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.UpdatePerson(ctx, p); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("person.update", "person", p.ID, p.OrgID, personDiff(&before, p)))
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// applyPerson validates in and copies it onto p.
func (s *Service) applyPerson(p *model.Person, in *model.PersonInput) error {
	in.FullName = vntext.CleanLine(in.FullName)
	in.Phone = vntext.CleanLine(in.Phone)
	in.Email = strings.ToLower(vntext.CleanLine(in.Email))
	today := s.Today()
	v := &model.ValidationError{}
	requireText(v, "full_name", in.FullName, 100)
	if in.FullName != "" && !hasLetter(in.FullName) {
		v.Add("full_name", "person.name_letters")
	}
	if in.Gender != "" && in.Gender != model.GenderMale && in.Gender != model.GenderFemale {
		v.Add("gender", "person.gender_invalid")
	}
	if !in.BirthDate.IsZero() && (in.BirthDate.After(today) || in.BirthDate.Year < 1900) {
		v.Add("birth_date", "person.birth_invalid")
	}
	if !in.PartyJoined.IsZero() {
		switch {
		case in.PartyJoined.After(today) || in.PartyJoined.Year < 1930:
			v.Add("party_joined_on", "person.joined_invalid")
		case !in.BirthDate.IsZero() && !in.PartyJoined.After(in.BirthDate):
			v.Add("party_joined_on", "person.joined_before_birth")
		}
	}
	if in.Phone != "" && !vntext.ValidPhone(in.Phone) {
		v.Add("phone", "person.phone_invalid")
	}
	if in.Email != "" {
		if !vntext.ValidEmail(in.Email) {
			v.Add("email", "person.email_invalid")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	p.FullName, p.Gender, p.BirthDate, p.PartyJoined = in.FullName, in.Gender, in.BirthDate, in.PartyJoined
	p.Phone, p.Email = in.Phone, in.Email
	return nil
}

func hasLetter(s string) bool {
	for _, r := range s {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127 {
			return true
		}
	}
	return false
}

// personDiff describes what an edit changed, for the audit log.
func personDiff(a, b *model.Person) string {
	var out []string
	add := func(name, x, y string) {
		if x != y {
			out = append(out, fmt.Sprintf("%s: %q → %q", name, x, y))
		}
	}
	add("full_name", a.FullName, b.FullName)
	add("gender", string(a.Gender), string(b.Gender))
	add("birth_date", a.BirthDate.String(), b.BirthDate.String())
	add("party_joined_on", a.PartyJoined.String(), b.PartyJoined.String())
	add("phone", a.Phone, b.Phone)
	add("email", a.Email, b.Email)
	return strings.Join(out, "; ")
}

func validation(field, key string, args ...any) error {
	v := &model.ValidationError{}
	v.Add(field, key, args...)
	return v
}
