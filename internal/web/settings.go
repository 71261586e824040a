package web

import (
	"net/http"
	"strconv"

	"nghisu/internal/model"
	"nghisu/internal/org"
	"nghisu/internal/rules"
)

type settingsData struct {
	Org      model.Org
	Settings []org.SettingValue
	CanSet   bool
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showSettings(w, r, id, nil)
}

func (s *Server) showSettings(w http.ResponseWriter, r *http.Request, id int64, ferr error) error {
	a := actorOf(r)
	o, err := s.org.Org(r.Context(), a, id)
	if err != nil {
		return err
	}
	list, err := s.org.Settings(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := s.page(r, "settings.title")
	p.Data = settingsData{Org: *o, Settings: list, CanSet: s.org.CanSet(a, o)}
	return s.renderForm(w, r, "settings", p, ferr)
}

func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeOrg)
	if err != nil {
		return err
	}
	a := actorOf(r)
	values := map[string]string{}
	for _, set := range rules.Settings {
		if _, ok := f.r.PostForm[set.Key]; ok {
			values[set.Key] = f.Str(set.Key)
		}
	}
	if err := s.org.SetSettings(r.Context(), a, id, values); err != nil {
		if isFormError(err) {
			return s.showSettings(w, r, id, err)
		}
		return err
	}
	s.flash(r, "settings.saved")
	return redirect(w, r, "/orgs/"+strconv.FormatInt(id, 10)+"/settings")
}
