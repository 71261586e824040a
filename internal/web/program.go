package web

import (
	"net/http"
	"strconv"

	"nghisu/internal/meeting"
	"nghisu/internal/model"
)

// programData is a meeting's program with the forms to change it.
type programData struct {
	Meeting  model.Meeting
	Program  *meeting.Program
	Editable bool
	People   []model.Person
	Kinds    []model.ItemKind
	Areas    []model.Area
	Item     *model.AgendaItem
}

func (s *Server) programPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showProgram(w, r, id, nil, nil)
}

func (s *Server) showProgram(w http.ResponseWriter, r *http.Request, meetingID int64, item *model.AgendaItem, ferr error) error {
	a := actorOf(r)
	ctx := r.Context()
	m, err := s.meetings.Get(ctx, a, meetingID)
	if err != nil {
		return err
	}
	d := programData{Meeting: *m, Editable: m.State.Editable() && meeting.Preparer(a, m.Body.Org),
		Kinds: model.ItemKinds, Areas: model.Areas, Item: item}
	if d.Program, err = s.meetings.Program(ctx, a, meetingID); err != nil {
		return err
	}
	if d.Editable {
		if d.People, err = s.org.People(ctx, a, m.Body.OrgID, "", 0, 0); err != nil {
			return err
		}
	}
	p := s.page(r, "program.title")
	p.Data = d
	return s.renderForm(w, r, "program", p, ferr)
}

// itemInput reads the item form.
func itemInput(f *form) model.ItemInput {
	in := model.ItemInput{Title: f.Str("title"), Kind: model.ItemKind(f.Str("kind")), PresenterID: f.Int64("presenter_id"),
		Minutes: int(f.Int64("minutes")), Notes: f.Text("notes")}
	for _, a := range f.r.PostForm["areas"] {
		in.Areas = append(in.Areas, model.Area(a))
	}
	return in
}

func (s *Server) addItem(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeMeeting)
	if err != nil {
		return err
	}
	a := actorOf(r)
	in := itemInput(f)
	if err := f.Err(); err != nil {
		return s.showProgram(w, r, id, nil, err)
	}
	if _, err := s.meetings.AddItem(r.Context(), a, id, in); err != nil {
		if isFormError(err) {
			return s.showProgram(w, r, id, nil, err)
		}
		return err
	}
	s.flash(r, "program.item_added")
	return redirect(w, r, programPath(id))
}

func (s *Server) editItemForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	it, err := s.st.Item(r.Context(), id)
	if err != nil {
		return err
	}
	return s.showProgram(w, r, it.MeetingID, it, nil)
}

// itemAction runs an action on an item and returns to the program.
func (s *Server) itemAction(w http.ResponseWriter, r *http.Request, done string, do func(f *form, id int64) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	it, err := s.st.Item(r.Context(), id)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if _, err := s.meetings.Get(r.Context(), a, it.MeetingID); err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err := do(f, id); err != nil {
		if isFormError(err) && done == "program.item_saved" {
			return s.showProgram(w, r, it.MeetingID, it, err)
		}
		if !isFormError(err) {
			return err
		}
		s.flashError(r, err)
		return redirect(w, r, programPath(it.MeetingID))
	}
	if done != "" {
		s.flash(r, done)
	}
	return redirect(w, r, programPath(it.MeetingID))
}

func (s *Server) updateItem(w http.ResponseWriter, r *http.Request) error {
	return s.itemAction(w, r, "program.item_saved", func(f *form, id int64) error {
		in := itemInput(f)
		if err := f.Err(); err != nil {
			return err
		}
		_, err := s.meetings.UpdateItem(r.Context(), actorOf(r), id, in)
		return err
	})
}

func (s *Server) deleteItem(w http.ResponseWriter, r *http.Request) error {
	return s.itemAction(w, r, "program.item_deleted", func(f *form, id int64) error {
		return s.meetings.DeleteItem(r.Context(), actorOf(r), id)
	})
}

func (s *Server) moveItem(w http.ResponseWriter, r *http.Request) error {
	return s.itemAction(w, r, "", func(f *form, id int64) error {
		delta := 1
		if f.Str("dir") == "up" {
			delta = -1
		}
		return s.meetings.MoveItem(r.Context(), actorOf(r), id, delta)
	})
}

// fillProgram applies the monthly template or copies the last meeting's.
func (s *Server) fillProgram(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeMeeting)
	if err != nil {
		return err
	}
	a := actorOf(r)
	if f.Str("from") == "last" {
		err = s.meetings.CopyLast(r.Context(), a, id)
	} else {
		err = s.meetings.ApplyTemplate(r.Context(), a, id)
	}
	return s.outcome(w, r, err, programPath(id), "program.filled")
}

func programPath(id int64) string { return "/meetings/" + strconv.FormatInt(id, 10) + "/program" }
