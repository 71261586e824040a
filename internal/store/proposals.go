package store

import (
	"context"
	"database/sql"

	"nghisu/internal/model"
)

const proposalCols = `pr.id, pr.meeting_id, pr.author_id, pr.kind, pr.category, pr.title, pr.body, pr.created_at,
	pr.disposition, pr.disposition_text, pr.resolution_doc_id, pr.resolution_paragraph, pr.deferred_to, pr.disposed_by, pr.disposed_at`

func scanProposal(r interface{ Scan(...any) error }, extra ...any) (model.Proposal, error) {
	var p model.Proposal
	var doc sql.NullInt64
	var at sql.NullTime
	err := r.Scan(append([]any{&p.ID, &p.MeetingID, &p.AuthorID, &p.Kind, &p.Category, &p.Title, &p.Body, &p.CreatedAt,
		&p.Disposition, &p.DispositionText, &doc, &p.ResolutionParagraph, &p.DeferredTo, &p.DisposedBy, &at}, extra...)...)
	p.ResolutionDocID, p.DisposedAt = doc.Int64, timePtr(at)
	return p, err
}

// AddProposal stores a proposal and sets its id.
func (s *Store) AddProposal(ctx context.Context, p *model.Proposal) error {
	p.CreatedAt = s.Now()
	id, err := s.insert(ctx, `INSERT INTO proposals (meeting_id, author_id, kind, category, title, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, p.MeetingID, p.AuthorID, p.Kind, p.Category, p.Title, p.Body, p.CreatedAt)
	p.ID = id
	return err
}

// Proposal reads one proposal.
func (s *Store) Proposal(ctx context.Context, id int64) (*model.Proposal, error) {
	p, err := scanProposal(s.q.QueryRow(ctx, "SELECT "+proposalCols+" FROM proposals pr WHERE pr.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Proposals lists a meeting's proposals with their authors, in order.
func (s *Store) Proposals(ctx context.Context, meetingID int64) ([]model.Proposal, error) {
	rows, err := s.q.Query(ctx, "SELECT "+proposalCols+", p.full_name FROM proposals pr JOIN people p ON p.id = pr.author_id"+
		" WHERE pr.meeting_id = ? ORDER BY pr.kind, pr.id", meetingID)
	return collect(rows, err, func(r *sql.Rows) (model.Proposal, error) {
		var name string
		p, err := scanProposal(r, &name)
		p.Author = &model.Person{ID: p.AuthorID, FullName: name}
		return p, err
	})
}

// DisposeProposal records the BTV's disposition of a proposal not yet disposed.
func (s *Store) DisposeProposal(ctx context.Context, id int64, in model.DispositionInput, by string) error {
	err := s.execOne(ctx, `UPDATE proposals SET disposition = ?, disposition_text = ?, resolution_doc_id = ?,
		resolution_paragraph = ?, deferred_to = ?, disposed_by = ?, disposed_at = ? WHERE id = ? AND disposition = ''`,
		in.Disposition, in.Text, nullInt(in.ResolutionDocID), in.ResolutionParagraph, in.DeferredTo, by, s.Now(), id)
	if err == model.ErrNotFound {
		return model.Refuse("proposal.already_disposed")
	}
	return err
}
