package web

import (
	"fmt"
	"net/http"

	"nghisu/internal/model"
	"nghisu/internal/record"
)

// minutesData is the minutes page: the text (a form while it may be
// edited), who has signed, the signing form, the addenda.
type minutesData struct {
	*record.View
	Signers []signerLine
	Final   bool
}

// signerLine is one of the two signatures, given or awaited.
type signerLine struct {
	Role string
	Name string
	Sig  *model.Signature
}

func signerLines(m *model.Meeting, x *model.Minutes) []signerLine {
	out := []signerLine{{Role: model.RoleSecretary}, {Role: model.RoleChair}}
	if m.Secretary != nil {
		out[0].Name = m.Secretary.FullName
	}
	if m.Chair != nil {
		out[1].Name = m.Chair.FullName
	}
	if x != nil {
		for i := range out {
			out[i].Sig = x.SignedBy(out[i].Role)
		}
	}
	return out
}

func (s *Server) minutesPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showMinutes(w, r, id, nil)
}

func (s *Server) showMinutes(w http.ResponseWriter, r *http.Request, meetingID int64, ferr error) error {
	v, err := s.record.Minutes(r.Context(), actorOf(r), meetingID)
	if err != nil {
		return err
	}
	d := minutesData{View: v, Signers: signerLines(v.Meeting, v.Minutes)}
	d.Final = v.Minutes != nil && v.Minutes.State == model.MinutesFinal
	if r.URL.Query().Get("regenerate") == "1" && v.CanEdit {
		if d.Text, err = s.record.Draft(r.Context(), actorOf(r), v.Meeting); err != nil {
			return err
		}
	}
	p := s.page(r, "minutes.title")
	p.Data = d
	return s.renderForm(w, r, "minutes", p, ferr)
}

func (s *Server) saveMinutes(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeMeeting)
	if err != nil {
		return err
	}
	minutesID, version := f.Int64("minutes_id"), int(f.Int64("version"))
	_, err = s.record.Save(r.Context(), actorOf(r), id, minutesID, f.Text("text"), version)
	if isFormError(err) {
		return s.showMinutes(w, r, id, err)
	}
	return s.outcome(w, r, err, fmt.Sprintf("/meetings/%d/minutes", id), "minutes.saved")
}

func (s *Server) addAddendum(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeMeeting)
	if err != nil {
		return err
	}
	_, err = s.record.AddAddendum(r.Context(), actorOf(r), id, f.Text("addendum"))
	if isFormError(err) {
		return s.showMinutes(w, r, id, err)
	}
	return s.outcome(w, r, err, fmt.Sprintf("/meetings/%d/minutes#addenda-h", id), "minutes.addendum_added")
}

// seeMinutes checks that the actor sees the minutes' meeting.
func (s *Server) seeMinutes(r *http.Request, id int64) error {
	_, err := s.minutesMeeting(r, id)
	return err
}

func (s *Server) minutesMeeting(r *http.Request, id int64) (int64, error) {
	x, err := s.st.MinutesByID(r.Context(), id)
	if err != nil {
		return 0, err
	}
	if err := s.seeMeeting(r, x.MeetingID); err != nil {
		return 0, err
	}
	return x.MeetingID, nil
}

func (s *Server) signMinutes(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeMinutes)
	if err != nil {
		return err
	}
	meetingID, err := s.minutesMeeting(r, id)
	if err != nil {
		return err
	}
	x, err := s.record.Sign(r.Context(), actorOf(r), id, f.r.PostForm.Get("password"))
	if isFormError(err) {
		return s.showMinutes(w, r, meetingID, err)
	}
	done := "minutes.signed"
	if err == nil && x.State == model.MinutesFinal {
		done = "minutes.final"
	}
	return s.outcome(w, r, err, fmt.Sprintf("/meetings/%d/minutes", meetingID), done)
}

func (s *Server) unsignMinutes(w http.ResponseWriter, r *http.Request) error {
	id, _, err := postedForm(w, r, s.seeMinutes)
	if err != nil {
		return err
	}
	meetingID, err := s.minutesMeeting(r, id)
	if err != nil {
		return err
	}
	err = s.record.Unsign(r.Context(), actorOf(r), id)
	return s.outcome(w, r, err, fmt.Sprintf("/meetings/%d/minutes", meetingID), "minutes.unsigned")
}

// minuteBook is a body's minute book with its verification.
func (s *Server) minuteBook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.record.Book(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	p := s.page(r, "book.title")
	p.Data = v
	s.render(w, r, http.StatusOK, "minutebook", p)
	return nil
}
