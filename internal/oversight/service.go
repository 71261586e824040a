package oversight

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/docgen"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Service computes and reads the oversight indicators.
type Service struct {
	st *store.Store
	// Verify checks a minute book (set by the app to record's check).
	Verify Verifier
	// Notes quotes other packages' findings in the report (set by the app).
	Notes NoteSource
	// Layout is the page of the province's documents (record's settings).
	Layout func(ctx context.Context, o *model.Org) (docgen.Layout, error)
}

// New returns the service.
func New(st *store.Store) *Service { return &Service{st: st} }

// Limits of what a page asks for.
const (
	// MaxSpan is the longest period the dashboard draws, in months.
	MaxSpan = 36
	// PageSize is how many communes a page of the heat table shows: a
	// province's hundred fit on one.
	PageSize = 120
	// chunk is how many communes the job computes in one go.
	chunk = 25
)

// WeightKey is the province setting that holds an indicator's weight.
func WeightKey(c Code) string { return "oversight.weight." + string(c) }

// province reads the province an actor oversees: an organisation of kind
// province in its scope. Anything else is not found.
func (s *Service) province(ctx context.Context, a *auth.Actor, id int64) (*model.Org, error) {
	o, err := s.st.Org(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.Sees(o) || o.Kind != model.OrgProvince {
		return nil, model.ErrNotFound
	}
	return o, nil
}

// Province reads a province the actor oversees (not found otherwise): what
// a page checks before saying what was wrong with its filter.
func (s *Service) Province(ctx context.Context, a *auth.Actor, id int64) (*model.Org, error) {
	return s.province(ctx, a, id)
}

// commune reads a commune the actor sees: the province's people, and the
// commune's own (another commune's is not found).
func (s *Service) commune(ctx context.Context, a *auth.Actor, id int64) (*model.Org, error) {
	o, err := s.st.Org(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.Sees(o) || o.Kind != model.OrgCommune {
		return nil, model.ErrNotFound
	}
	return o, nil
}

// weights reads the province's weights (defaults where not set or out of
// range) and the minutes window, in one query: the province sets them on
// itself (SaveSettings), nothing above it does.
func (s *Service) weights(ctx context.Context, prov *model.Org) (Weights, int, error) {
	set, err := s.st.SettingsWithPrefix(ctx, prov.ID, "oversight.")
	if err != nil {
		return nil, 0, err
	}
	value := func(key string, def, lo, hi int) int {
		if n, err := strconv.Atoi(set[key]); err == nil && n >= lo && n <= hi {
			return n
		}
		return def
	}
	w := DefaultWeights()
	for c := range w {
		w[c] = value(WeightKey(c), w[c], 0, MaxWeight)
	}
	return w, value(MinutesDays.Key, MinutesDays.Default, MinutesDays.Min, MinutesDays.Max), nil
}

// provinceOf finds the province above a commune (its root organisation).
func (s *Service) provinceOf(ctx context.Context, c *model.Org) (*model.Org, error) {
	for o := c; ; {
		if o.Kind == model.OrgProvince || o.ParentID == 0 {
			return o, nil
		}
		p, err := s.st.Org(ctx, o.ParentID)
		if err != nil {
			return nil, err
		}
		o = p
	}
}

// Settings is the province's scoring settings as the settings page shows
// them.
type Settings struct {
	Province    *model.Org
	Weights     Weights
	MinutesDays int
	CanChange   bool
}

// CanChangeSettings reports whether the actor sets the province's weights:
// its administrators.
func CanChangeSettings(a *auth.Actor, prov *model.Org) bool {
	return a.Role() == model.RoleAdmin && a.Sees(prov)
}

// ReadSettings reads the weights and the minutes window of a province.
func (s *Service) ReadSettings(ctx context.Context, a *auth.Actor, provinceID int64) (*Settings, error) {
	prov, err := s.province(ctx, a, provinceID)
	if err != nil {
		return nil, err
	}
	w, days, err := s.weights(ctx, prov)
	if err != nil {
		return nil, err
	}
	return &Settings{Province: prov, Weights: w, MinutesDays: days, CanChange: CanChangeSettings(a, prov)}, nil
}

// SaveSettings writes the weights and the minutes window, then rescores
// the snapshot so that the dashboard shows the new weights at once (a new
// minutes window counts from the next refresh).
func (s *Service) SaveSettings(ctx context.Context, a *auth.Actor, provinceID int64, w Weights, minutesDays int) error {
	prov, err := s.province(ctx, a, provinceID)
	if err != nil {
		return err
	}
	if !CanChangeSettings(a, prov) {
		return model.Deny("oversight.settings_denied")
	}
	v := &model.ValidationError{}
	total := 0
	for _, in := range Indicators {
		if !in.Rate {
			continue
		}
		n, ok := w[in.Code]
		if !ok {
			n = in.Weight
		}
		if n < 0 || n > MaxWeight {
			v.Add("w."+string(in.Code), "oversight.weight_range", 0, MaxWeight)
		}
		total += n
	}
	if total == 0 {
		v.Add("weights", "oversight.weights_zero")
	}
	if minutesDays < MinutesDays.Min || minutesDays > MinutesDays.Max {
		v.Add("minutes_days", "settings.range", MinutesDays.Min, MinutesDays.Max)
	}
	if err := v.Err(); err != nil {
		return err
	}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		var changes []string
		for _, in := range Indicators {
			if n, ok := w[in.Code]; ok && in.Rate {
				if err := st.SetSetting(ctx, prov.ID, WeightKey(in.Code), strconv.Itoa(n), a.Account.Username); err != nil {
					return err
				}
				changes = append(changes, string(in.Code)+"="+strconv.Itoa(n))
			}
		}
		if err := st.SetSetting(ctx, prov.ID, MinutesDays.Key, strconv.Itoa(minutesDays), a.Account.Username); err != nil {
			return err
		}
		changes = append(changes, "minutes_days="+strconv.Itoa(minutesDays))
		return st.Audit(ctx, a.Audit("oversight.settings", "org", prov.ID, prov.ID, strings.Join(changes, " ")))
	})
	if err != nil {
		return err
	}
	// The snapshot keeps every count; only the scores change.
	byCode := map[string]int{}
	for c, n := range w {
		byCode[string(c)] = n
	}
	return s.st.RescoreOversight(ctx, prov.ID, byCode)
}

// Refresh recomputes the snapshot of a province's communes for the months
// from..to ("" and "": everything since the first meeting), in groups of
// communes, each group in one transaction.
func (s *Service) Refresh(ctx context.Context, prov *model.Org, from, to string) error {
	w, days, err := s.weights(ctx, prov)
	if err != nil {
		return err
	}
	communes, err := s.st.OrgsOfKind(ctx, prov.Path, model.OrgCommune)
	if err != nil {
		return err
	}
	now := s.st.Now().In(vntext.Location()).Format("2006-01")
	if to == "" || to > now {
		to = now
	}
	for i := 0; i < len(communes); i += chunk {
		group := communes[i:min(i+chunk, len(communes))]
		lo := from
		if lo == "" {
			ids := make([]int64, len(group))
			for j, c := range group {
				ids[j] = c.ID
			}
			first, err := s.st.OversightFirstMonths(ctx, ids)
			if err != nil {
				return err
			}
			lo = to
			for _, m := range first {
				lo = min(lo, m)
			}
			lo = max(lo, AddMonths(to, -5*12+1)) // a term and a little
		}
		months, err := compute(ctx, s.st, s.Verify, group, lo, to, days, false)
		if err != nil {
			return err
		}
		rows := make([]store.OversightMonth, 0, len(months))
		for _, m := range months {
			rows = append(rows, snapshotRow(m, w))
		}
		ids := make([]int64, len(group))
		for j, c := range group {
			ids[j] = c.ID
		}
		if err := s.st.SaveOversight(ctx, prov.ID, store.OversightScope{OrgIDs: ids, From: lo, To: to}, rows); err != nil {
			return err
		}
	}
	return nil
}

// snapshotRow turns a computed month into its snapshot row.
func snapshotRow(m Month, w Weights) store.OversightMonth {
	r := store.OversightMonth{OrgID: m.OrgID, Month: m.Month}
	if sc := ScoreOf(m.Facts, w); sc.OK {
		v := math.Round(sc.Value*10) / 10
		r.Score = &v
	}
	for _, in := range Indicators {
		if v, ok := m.Facts[in.Code]; ok {
			r.Facts = append(r.Facts, store.OversightFact{Indicator: string(in.Code), Num: v.Num, Den: v.Den})
		}
	}
	return r
}

// RefreshAll recomputes every province's snapshot (the job and the demo).
func (s *Service) RefreshAll(ctx context.Context, from, to string) error {
	provs, err := s.st.OrgsOfKind(ctx, "/", model.OrgProvince)
	if err != nil {
		return err
	}
	for i := range provs {
		if err := s.Refresh(ctx, &provs[i], from, to); err != nil {
			return fmt.Errorf("province %s: %w", provs[i].Name, err)
		}
	}
	return nil
}

// RefreshRecent recomputes the last three months, which is what changes
// from day to day (minutes signed, questions answered, tasks reported).
func (s *Service) RefreshRecent(ctx context.Context) error {
	now := s.st.Now().In(vntext.Location()).Format("2006-01")
	return s.RefreshAll(ctx, AddMonths(now, -2), now)
}

// RequestRefresh checks that the actor may ask for a recomputation of the
// province (its administrators and oversight staff).
func (s *Service) RequestRefresh(ctx context.Context, a *auth.Actor, provinceID int64) (*model.Org, error) {
	prov, err := s.province(ctx, a, provinceID)
	if err != nil {
		return nil, err
	}
	if r := a.Role(); r != model.RoleAdmin && r != model.RoleOversight {
		return nil, model.Deny("oversight.refresh_denied")
	}
	return prov, nil
}

// Period is a checked range of months.
type Period struct{ From, To string }

// Months lists the period's months.
func (p Period) Months() []string {
	var out []string
	for m := p.From; m <= p.To; m = AddMonths(m, 1) {
		out = append(out, m)
	}
	return out
}

// ParsePeriod checks a period typed by a user: months 'YYYY-MM', not
// inverted, not after the current month, at most MaxSpan months. Empty
// values default to the twelve months that ended with the last one.
func (s *Service) ParsePeriod(from, to string) (Period, error) {
	now := s.st.Now().In(vntext.Location()).Format("2006-01")
	v := &model.ValidationError{}
	if to == "" {
		to = AddMonths(now, -1)
	}
	if from == "" {
		from = AddMonths(to, -11)
	}
	for field, m := range map[string]string{"from": from, "to": to} {
		if _, err := time.Parse("2006-01", m); err != nil || len(m) != 7 {
			v.Add(field, "oversight.month_format")
		}
	}
	if err := v.Err(); err != nil {
		return Period{}, err
	}
	switch {
	case to > now:
		v.Add("to", "oversight.future", vntext.MonthYear(monthStart(now)))
	case from > to:
		v.Add("from", "oversight.inverted")
	case monthIndexOf(to)-monthIndexOf(from)+1 > MaxSpan:
		v.Add("from", "oversight.too_long", MaxSpan)
	}
	return Period{from, to}, v.Err()
}

// ParseIndicator checks an indicator named in a filter ("" = the score).
func ParseIndicator(code string) (Code, error) {
	if code == "" || code == "score" {
		return "", nil
	}
	if _, ok := Find(Code(code)); !ok {
		v := &model.ValidationError{}
		v.Add("indicator", "oversight.unknown_indicator")
		return "", v
	}
	return Code(code), nil
}

// seesMeeting hides from the drill-down what the actor may not read: a
// BTV meeting's title for a commune member outside the BTV (the count
// stays).
func seesMeeting(a *auth.Actor, b *model.Body) bool { return meeting.SeesBody(a, b) }

// sortCommunes orders communes by name the Vietnamese way (each key made
// once: a country has thousands).
func sortCommunes(cs []model.Org) {
	keys := make(map[int64]string, len(cs))
	for _, c := range cs {
		keys[c.ID] = vntext.SortKey(c.Name)
	}
	slices.SortFunc(cs, func(a, b model.Org) int { return strings.Compare(keys[a.ID], keys[b.ID]) })
}

// The jobs that keep the snapshot.
const (
	RecentJob = "oversight.recent"
	FullJob   = "oversight.full"
)

// FullPayload is the payload of a requested full recomputation.
type FullPayload struct {
	ProvinceID int64  `json:"province_id"`
	By         string `json:"by"`
}
