package web

import (
	"net/http"

	"nghisu/internal/model"
)

type noticesData struct {
	Notices []model.Notice
}

func (s *Server) noticesPage(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	list, err := s.st.Notices(r.Context(), a.Account.ID, 100)
	if err != nil {
		return err
	}
	p := s.page(r, "notices.title")
	p.Data = noticesData{Notices: list}
	s.render(w, r, http.StatusOK, "notices", p)
	return nil
}

// openNotice marks a notice read and follows its link.
func (s *Server) openNotice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	list, err := s.st.Notices(r.Context(), a.Account.ID, 500)
	if err != nil {
		return err
	}
	for _, n := range list {
		if n.ID == id {
			if err := s.st.ReadNotices(r.Context(), a.Account.ID, id); err != nil {
				return err
			}
			return redirect(w, r, safeNext(n.Link))
		}
	}
	return model.ErrNotFound
}

func (s *Server) readAllNotices(w http.ResponseWriter, r *http.Request) error {
	if err := s.st.ReadNotices(r.Context(), actorOf(r).Account.ID, 0); err != nil {
		return err
	}
	return redirect(w, r, "/notices")
}
