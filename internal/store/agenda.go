package store

import (
	"context"
	"database/sql"
	"strings"

	"nghisu/internal/model"
)

const itemCols = "i.id, i.meeting_id, i.position, i.title, i.kind, i.presenter_id, i.minutes, i.areas, i.notes, i.source, i.discussed, i.conclusion, i.speaking_limit"

func scanItem(r interface{ Scan(...any) error }, extra ...any) (model.AgendaItem, error) {
	var it model.AgendaItem
	var presenter sql.NullInt64
	var areas string
	err := r.Scan(append([]any{&it.ID, &it.MeetingID, &it.Position, &it.Title, &it.Kind, &presenter, &it.Minutes,
		&areas, &it.Notes, &it.Source, &it.Discussed, &it.Conclusion, &it.SpeakingLimit}, extra...)...)
	it.PresenterID = presenter.Int64
	it.Areas = []model.Area{}
	for _, a := range strings.Split(areas, ",") {
		if a != "" {
			it.Areas = append(it.Areas, model.Area(a))
		}
	}
	return it, err
}

func joinAreas(as []model.Area) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = string(a)
	}
	return strings.Join(s, ",")
}

// AddItem appends an item to a meeting's program (at it.Position when set,
// else last) and sets its id.
func (s *Store) AddItem(ctx context.Context, it *model.AgendaItem) error {
	if it.Position == 0 {
		var max int
		if err := s.q.QueryRow(ctx, "SELECT COALESCE(MAX(position), 0) FROM agenda_items WHERE meeting_id = ?", it.MeetingID).Scan(&max); err != nil {
			return err
		}
		it.Position = max + 1
	}
	id, err := s.insert(ctx, `INSERT INTO agenda_items (meeting_id, position, title, kind, presenter_id, minutes, areas, notes, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, it.MeetingID, it.Position, it.Title, it.Kind, nullInt(it.PresenterID),
		it.Minutes, joinAreas(it.Areas), it.Notes, it.Source)
	it.ID = id
	return err
}

// UpdateItem writes an item's fields.
func (s *Store) UpdateItem(ctx context.Context, it *model.AgendaItem) error {
	return s.execOne(ctx, `UPDATE agenda_items SET title = ?, kind = ?, presenter_id = ?, minutes = ?, areas = ?, notes = ?
		WHERE id = ?`, it.Title, it.Kind, nullInt(it.PresenterID), it.Minutes, joinAreas(it.Areas), it.Notes, it.ID)
}

// DeleteItem removes an item; papers attached to it stay with the meeting.
func (s *Store) DeleteItem(ctx context.Context, id int64) error {
	if _, err := s.q.Exec(ctx, "UPDATE documents SET item_id = NULL WHERE item_id = ?", id); err != nil {
		return err
	}
	return s.execOne(ctx, "DELETE FROM agenda_items WHERE id = ?", id)
}

// Item reads one item.
func (s *Store) Item(ctx context.Context, id int64) (*model.AgendaItem, error) {
	it, err := scanItem(s.q.QueryRow(ctx, "SELECT "+itemCols+" FROM agenda_items i WHERE i.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &it, nil
}

// Items lists a meeting's program in order, with presenters.
func (s *Store) Items(ctx context.Context, meetingID int64) ([]model.AgendaItem, error) {
	rows, err := s.q.Query(ctx, "SELECT "+itemCols+", p.full_name FROM agenda_items i LEFT JOIN people p ON p.id = i.presenter_id"+
		" WHERE i.meeting_id = ? ORDER BY i.position, i.id", meetingID)
	return collect(rows, err, func(r *sql.Rows) (model.AgendaItem, error) {
		var name sql.NullString
		it, err := scanItem(r, &name)
		if name.Valid {
			it.Presenter = &model.Person{ID: it.PresenterID, FullName: name.String}
		}
		return it, err
	})
}

// SetItemPositions writes the program's order: ids in their new order.
func (s *Store) SetItemPositions(ctx context.Context, meetingID int64, ids []int64) error {
	for i, id := range ids {
		if err := s.execOne(ctx, "UPDATE agenda_items SET position = ? WHERE id = ? AND meeting_id = ?", i+1, id, meetingID); err != nil {
			return err
		}
	}
	return nil
}
