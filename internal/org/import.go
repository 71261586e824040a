package org

import (
	"context"
	"errors"
	"fmt"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/xlsx"
)

// MaxImportRows caps one member list.
const MaxImportRows = 2000

// ImportResult says what an import did.
type ImportResult struct {
	Rows    int // rows imported
	Created int // people new to the commune's records
	Matched int // people already on record (same name and birth date)
	Posts   int // posts given
}

// ImportError lists every problem of every row; nothing was imported.
type ImportError struct {
	Problems []xlsx.RowError
}

func (e *ImportError) Error() string { return fmt.Sprintf("import: %d problems", len(e.Problems)) }

// ImportMembers puts the rows of a member list into a body, all or nothing:
// each row is tried inside one transaction (behind its own savepoint, so that
// one bad row does not spoil the others' checks), every problem is collected,
// and the transaction commits only when there are none.
func (s *Service) ImportMembers(ctx context.Context, a *auth.Actor, bodyID int64, rows []xlsx.MemberRow) (*ImportResult, error) {
	b, err := s.Body(ctx, a, bodyID)
	if err != nil {
		return nil, err
	}
	if err := s.MayEdit(ctx, a, b.Org); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, model.Refuse("import.empty")
	}
	if len(rows) > MaxImportRows {
		return nil, model.Refuse("import.too_many", MaxImportRows)
	}
	res := &ImportResult{}
	var problems []xlsx.RowError
	err = s.st.InTx(ctx, func(st *store.Store) error {
		for _, row := range rows {
			err := st.Savepoint(ctx, func(st *store.Store) error { return s.importRow(ctx, st, b, row, res) })
			if err != nil {
				p, ok := rowProblem(row.Row, err)
				if !ok {
					return err // not the row's fault: a database failure
				}
				problems = append(problems, p)
			}
		}
		if len(problems) > 0 {
			return &ImportError{Problems: problems}
		}
		return st.Audit(ctx, a.Audit("membership.import", "body", b.ID, b.OrgID,
			fmt.Sprintf("%d rows, %d new people", res.Rows, res.Created)))
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// rowError ties a problem to a column of the sheet.
type rowError struct {
	column string
	msg    model.Msg
}

func (e *rowError) Error() string { return e.column + ": " + e.msg.Key }

// rowProblem turns a row's failure into a sheet problem; false means the
// failure is not about the row.
func rowProblem(row int, err error) (xlsx.RowError, bool) {
	var re *rowError
	var v *model.ValidationError
	var ref *model.Refusal
	switch {
	case errors.As(err, &re):
		return xlsx.RowError{Row: row, Column: re.column, Msg: re.msg}, true
	case errors.As(err, &v):
		f := v.Fields[0]
		return xlsx.RowError{Row: row, Column: xlsx.ColumnOf(f.Field), Msg: f.Msg}, true
	case errors.As(err, &ref):
		return xlsx.RowError{Row: row, Msg: ref.Msg}, true
	}
	return xlsx.RowError{}, false
}

func (s *Service) importRow(ctx context.Context, st *store.Store, b *model.Body, row xlsx.MemberRow, res *ImportResult) error {
	v := &model.ValidationError{}
	checkInTerm(v, "started_on", row.StartedOn, b.Term)
	if err := v.Err(); err != nil {
		return err
	}
	person, err := st.PersonByNameAndBirth(ctx, b.OrgID, row.FullName, row.BirthDate)
	switch {
	case errors.Is(err, model.ErrNotFound):
		person = &model.Person{OrgID: b.OrgID}
		in := model.PersonInput{FullName: row.FullName, Gender: row.Gender, BirthDate: row.BirthDate,
			PartyJoined: row.PartyJoined, Phone: row.Phone, Email: row.Email}
		if err := s.applyPerson(person, &in); err != nil {
			return err
		}
		if err := st.CreatePerson(ctx, person); err != nil {
			return err
		}
		res.Created++
	case err != nil:
		return err
	default:
		res.Matched++
	}
	if _, err := st.OpenMembership(ctx, b.ID, person.ID); err == nil {
		return model.Refuse("membership.exists", person.FullName)
	} else if !errors.Is(err, model.ErrNotFound) {
		return err
	}
	if b.Kind == model.BodyStanding {
		if err := s.checkStandingSeat(ctx, st, b, person.ID); err != nil {
			return err
		}
	}
	m := &model.Membership{BodyID: b.ID, PersonID: person.ID, Status: row.Status, StartedOn: row.StartedOn, Note: row.Note}
	if err := st.AddMembership(ctx, m); err != nil {
		return err
	}
	if row.Post != "" {
		if row.Post.Body() != b.Kind {
			return &rowError{column: xlsx.ColumnOf("post"), msg: model.M("import.post_other_body")}
		}
		post := &model.Post{PersonID: person.ID, OrgID: b.OrgID, BodyID: b.ID, Kind: row.Post,
			Areas: row.Areas, StartedOn: row.StartedOn}
		if post.Areas == nil {
			post.Areas = []string{}
		}
		if err := st.AddPost(ctx, post); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return &rowError{column: xlsx.ColumnOf("post"), msg: model.M("post.single_taken", b.Org.Name)}
			}
			return err
		}
		res.Posts++
	}
	res.Rows++
	return nil
}

// ExportMembers lists a body's current members as sheet rows, with the
// highest post each holds in the body, so that an export imports back.
func (s *Service) ExportMembers(ctx context.Context, a *auth.Actor, b *model.Body) ([]xlsx.MemberRow, error) {
	members, err := s.Members(ctx, a, b.ID, false)
	if err != nil {
		return nil, err
	}
	people := make([]model.Person, len(members))
	for i, m := range members {
		people[i] = *m.Person
	}
	posts, err := s.PostsOf(ctx, people)
	if err != nil {
		return nil, err
	}
	rows := make([]xlsx.MemberRow, len(members))
	for i, m := range members {
		p := m.Person
		row := xlsx.MemberRow{FullName: p.FullName, Gender: p.Gender, BirthDate: p.BirthDate, PartyJoined: p.PartyJoined,
			Phone: p.Phone, Email: p.Email, Status: m.Status, StartedOn: m.StartedOn, Note: m.Note}
		for _, post := range posts[p.ID] {
			if post.BodyID == b.ID {
				row.Post, row.Areas = post.Kind, post.Areas
				break
			}
		}
		rows[i] = row
	}
	return rows, nil
}
