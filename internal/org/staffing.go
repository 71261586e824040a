package org

import (
	"context"
	"slices"
	"strings"

	"nghisu/internal/auth"
	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Pattern is a way posts are combined in one person, which the staffing
// view counts per commune (DOMAIN.md §1, the article's "Bí thư đồng thời là
// Chủ tịch UBND" and its concurrent non-specialised posts).
type Pattern string

const (
	// The Bí thư also chairs the People's Council (HĐND).
	SecretaryChairsCouncil Pattern = "secretary_chairs_people_council"
	// The Bí thư also chairs the People's Committee (UBND).
	SecretaryChairsCommittee Pattern = "secretary_chairs_people_committee"
	// A Phó Bí thư (the standing one included) also chairs the UBND.
	DeputyChairsCommittee Pattern = "deputy_chairs_people_committee"
	// A Phó Bí thư (the standing one included) also chairs the HĐND.
	DeputyChairsCouncil Pattern = "deputy_chairs_people_council"
	// The chair of the Fatherland Front (MTTQ) sits on the BTV.
	FrontChairStanding Pattern = "front_chair_standing"
	// One person holds posts in two or more of the organisations the
	// commune leads (kiêm nhiệm).
	PostsInSeveralOrgs Pattern = "posts_in_several_orgs"
	// One person holds three or more posts at once.
	ThreePosts Pattern = "three_posts"
	// One person heads (chairs) two or more of the led organisations.
	HeadsSeveralOrgs Pattern = "heads_several_orgs"
)

// Patterns lists every pattern in the order the staffing view shows them.
var Patterns = []Pattern{SecretaryChairsCouncil, SecretaryChairsCommittee, DeputyChairsCommittee,
	DeputyChairsCouncil, FrontChairStanding, PostsInSeveralOrgs, ThreePosts, HeadsSeveralOrgs}

// StaffingRule says whether a pattern is a conflict (a warning in an
// evaluation) or a normal arrangement, and on what ground.
type StaffingRule struct {
	Pattern  Pattern `json:"pattern"`
	Conflict bool    `json:"conflict"`
	// Unverified marks our own judgement, not a cited text: pages label it
	// "mặc định, chưa xác minh" (DOMAIN.md asks this of unverified rules).
	Unverified bool `json:"unverified"`
}

// StaffingRules are the judgements behind the view. The ground of each is
// its catalog text "staffing.basis.<pattern>"; in short:
//
//   - Bí thư also Chủ tịch HĐND, a Phó Bí thư also Chủ tịch UBND: the usual
//     arrangement (DOMAIN.md §1; the chair of a commune's HĐND is a
//     concurrent post and the chair of its UBND a full-time one, Công văn
//     03/CV-BCĐ of 15 April 2025 as the press published it, not checked
//     against the original). Counted, not a conflict.
//   - A Phó Bí thư also Chủ tịch HĐND: taken as usual where the Bí thư does
//     not chair it; our reading, no text found (unverified).
//   - Bí thư also Chủ tịch UBND: a conflict worth a warning. The article
//     finds the overlap between the party committee's leadership and the
//     administration "nhất là những nơi thực hiện mô hình Bí thư đồng thời là
//     Chủ tịch UBND", even though the province promotes the model; the
//     evaluation should name these communes so their meetings are watched
//     for that overlap.
//   - The MTTQ chair on the BTV: counted as the usual arrangement; no text
//     found (unverified).
//   - Posts in two or more led organisations (kiêm nhiệm of non-specialised
//     posts): the article describes it as policy (Đề án 04 of the Tỉnh ủy);
//     counted, not a conflict.
//   - Three or more posts at once, or heading two or more led organisations:
//     conflicts by our judgement (overload; the article's overlap between the
//     leadership of the Front and the mass organisations), no rule found:
//     unverified.
var StaffingRules = []StaffingRule{
	{Pattern: SecretaryChairsCouncil},
	{Pattern: SecretaryChairsCommittee, Conflict: true},
	{Pattern: DeputyChairsCommittee},
	{Pattern: DeputyChairsCouncil, Unverified: true},
	{Pattern: FrontChairStanding, Unverified: true},
	{Pattern: PostsInSeveralOrgs},
	{Pattern: ThreePosts, Conflict: true, Unverified: true},
	{Pattern: HeadsSeveralOrgs, Conflict: true, Unverified: true},
}

// Rule is the pattern's rule.
func (p Pattern) Rule() StaffingRule {
	for _, r := range StaffingRules {
		if r.Pattern == p {
			return r
		}
	}
	return StaffingRule{Pattern: p}
}

// Label names the pattern in lang.
func (p Pattern) Label(lang string) string { return enum(lang, "staffing.pattern", p) }

// Short is the pattern's column heading in lang.
func (p Pattern) Short(lang string) string { return enum(lang, "staffing.short", p) }

// Basis says in lang on what ground the pattern is judged.
func (p Pattern) Basis(lang string) string { return enum(lang, "staffing.basis", p) }

// enum renders a value through its catalog family ("postkind" → "postkind.chair").
func enum[T ~string](lang, family string, v T) string { return i18n.T(lang, family+"."+string(v)) }

// Conflict reports whether the pattern is worth a warning.
func (p Pattern) Conflict() bool { return p.Rule().Conflict }

// Valid reports whether p is known.
func (p Pattern) Valid() bool { return slices.Contains(Patterns, p) }

// ManyPosts is how many posts at once make ThreePosts. Đảng ủy viên is a
// seat, not a post with its own work, and is not counted.
const ManyPosts = 3

// leading are the party posts whose holders the view lists, highest first.
var leading = []model.PostKind{model.PostSecretary, model.PostStandingDeputy, model.PostDeputy, model.PostStandingMember}

// StaffHolder is a person of a commune with the posts they hold there on
// the day, and the patterns they make.
type StaffHolder struct {
	PersonID int64  `json:"person_id"`
	Name     string `json:"name"`
	// Party is the highest leading party post (Bí thư … Ủy viên BTV), ""
	// for people listed only for a pattern.
	Party model.PostKind `json:"party,omitempty"`
	// Posts are every post held in the commune and the organisations it
	// leads, highest first.
	Posts    []model.Post `json:"posts"`
	Patterns []Pattern    `json:"patterns"`
}

// CommuneStaffing is one commune of the view.
type CommuneStaffing struct {
	Commune model.Org `json:"commune"`
	// Leaders hold the leading party posts, highest first.
	Leaders []StaffHolder `json:"leaders"`
	// Others are the people without a leading post who make a pattern.
	Others []StaffHolder `json:"others"`
	// Patterns are the patterns present, in the order of Patterns.
	Patterns  []Pattern  `json:"patterns"`
	Conflicts []Conflict `json:"conflicts"`
}

// Has reports whether the commune shows pattern p.
func (c CommuneStaffing) Has(p Pattern) bool { return slices.Contains(c.Patterns, p) }

// Concerned are the people who make a pattern, leaders first.
func (c CommuneStaffing) Concerned() []StaffHolder {
	var out []StaffHolder
	for _, h := range append(append([]StaffHolder{}, c.Leaders...), c.Others...) {
		if len(h.Patterns) > 0 {
			out = append(out, h)
		}
	}
	return out
}

// Conflict is a concurrent-post conflict: a person of a commune whose posts
// make a pattern that is worth a warning; Posts are those that make it. The evaluation report quotes
// Text (Vietnamese) or Sentence in another language.
type Conflict struct {
	Pattern   Pattern      `json:"pattern"`
	CommuneID int64        `json:"commune_id"`
	Commune   string       `json:"commune"`
	PersonID  int64        `json:"person_id"`
	Person    string       `json:"person"`
	Posts     []model.Post `json:"posts"`
	Text      string       `json:"text"`
}

// PostNames names the conflict's posts in lang ("Bí thư", "Chủ tịch Ủy ban
// nhân dân").
func (c Conflict) PostNames(lang string) []string {
	out := make([]string, len(c.Posts))
	for i, p := range c.Posts {
		out[i] = PostLabel(lang, p)
	}
	return out
}

// Sentence says the conflict in lang.
func (c Conflict) Sentence(lang string) string {
	posts := strings.Join(c.PostNames(lang), ", ")
	switch c.Pattern {
	case SecretaryChairsCommittee:
		return i18n.T(lang, "staffing.conflict.secretary_chairs_people_committee", c.Commune, c.Person)
	case ThreePosts:
		return i18n.T(lang, "staffing.conflict.three_posts", c.Commune, c.Person, len(c.Posts), posts)
	case HeadsSeveralOrgs:
		return i18n.T(lang, "staffing.conflict.heads_several_orgs", c.Commune, c.Person, posts)
	}
	return c.Pattern.Label(lang) + ": " + c.Person + " (" + posts + ")"
}

// PostLabel is a post's short name in lang: its title or kind, and for a
// post in a led organisation the kind of that organisation.
func PostLabel(lang string, p model.Post) string {
	name := p.Title
	if name == "" {
		name = enum(lang, "postkind", p.Kind)
	}
	if p.Org != nil && !p.Org.Kind.IsParty() && p.Title == "" {
		name += " " + enum(lang, "orgkind", p.Org.Kind)
	}
	return name
}

// PatternTotal is how many communes show a pattern, of how many.
type PatternTotal struct {
	Pattern  Pattern `json:"pattern"`
	Communes int     `json:"communes"`
	Of       int     `json:"of"`
	// Share is Communes/Of, 0 when there are no communes.
	Share float64 `json:"share"`
}

// Staffing is the view of posts and concurrent posts of a province's
// communes (or of one commune) on a day.
type Staffing struct {
	Org      model.Org         `json:"org"`
	On       model.Date        `json:"on"`
	Communes []CommuneStaffing `json:"communes"`
	// Totals and Conflicts cover every commune, whatever Apply shows.
	Totals    []PatternTotal `json:"totals"`
	Conflicts []Conflict     `json:"conflicts"`
	Rules     []StaffingRule `json:"rules"`
	// View is how Communes are filtered and sorted.
	View StaffingView `json:"view"`
	// all are every commune, for Apply to filter again.
	all []CommuneStaffing
}

// StaffingView filters the communes by a pattern and sorts them.
type StaffingView struct {
	Pattern Pattern `json:"pattern,omitempty"`
	// Sort is "name" (the default) or "flags": most conflicts, then most
	// patterns, first.
	Sort string `json:"sort"`
}

// ParseStaffingView reads a view from a query; unknown values are field
// errors with a message saying what is allowed.
func ParseStaffingView(pattern, sort string) (StaffingView, error) {
	v := &model.ValidationError{}
	view := StaffingView{Pattern: Pattern(strings.TrimSpace(pattern)), Sort: strings.TrimSpace(sort)}
	if view.Pattern != "" && !view.Pattern.Valid() {
		v.Add("pattern", "staffing.pattern_unknown", string(view.Pattern))
		view.Pattern = ""
	}
	switch view.Sort {
	case "":
		view.Sort = "name"
	case "name", "flags":
	default:
		v.Add("sort", "staffing.sort_unknown", view.Sort)
		view.Sort = "name"
	}
	return view, v.Err()
}

// Apply keeps the communes showing the view's pattern (all of them when
// none) and sorts them; it may be applied again with another view.
func (st *Staffing) Apply(v StaffingView) {
	st.View = v
	if st.all == nil {
		st.all = st.Communes
	}
	st.Communes = make([]CommuneStaffing, 0, len(st.all))
	for _, c := range st.all {
		if v.Pattern == "" || c.Has(v.Pattern) {
			st.Communes = append(st.Communes, c)
		}
	}
	byName := func(a, b CommuneStaffing) int {
		if n := vntext.Compare(a.Commune.Place, b.Commune.Place); n != 0 {
			return n
		}
		return vntext.Compare(a.Commune.Name, b.Commune.Name)
	}
	if v.Sort == "flags" {
		slices.SortStableFunc(st.Communes, func(a, b CommuneStaffing) int {
			if n := len(b.Conflicts) - len(a.Conflicts); n != 0 {
				return n
			}
			if n := len(b.Patterns) - len(a.Patterns); n != 0 {
				return n
			}
			return byName(a, b)
		})
		return
	}
	slices.SortStableFunc(st.Communes, byName)
}

// Staffing reads the posts held on day on in the communes of a province
// (orgID a province: all its communes) or in one commune, for whoever sees
// the organisation; any other organisation is not found. A zero day is
// today in Vietnam; a day after it is refused. One query reads every
// commune's posts.
func (s *Service) Staffing(ctx context.Context, a *auth.Actor, orgID int64, on model.Date) (*Staffing, error) {
	o, err := s.StaffingOrg(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	switch {
	case on.IsZero():
		on = today
	case on.After(today):
		return nil, validation("on", "staffing.on_future")
	}
	var communes []model.Org
	if o.Kind == model.OrgCommune {
		communes = []model.Org{*o}
	} else if communes, err = s.st.OrgsOfKind(ctx, o.Path, model.OrgCommune); err != nil {
		return nil, err
	}
	posts, err := s.st.StaffPosts(ctx, o.Path, on)
	if err != nil {
		return nil, err
	}
	byCommune := map[int64][]store.StaffPost{}
	for _, p := range posts {
		byCommune[p.CommuneID] = append(byCommune[p.CommuneID], p)
	}
	st := &Staffing{Org: *o, On: on, Rules: StaffingRules, Conflicts: []Conflict{}}
	count := map[Pattern]int{}
	for _, c := range communes {
		cs := analyse(c, byCommune[c.ID])
		for _, p := range cs.Patterns {
			count[p]++
		}
		st.Conflicts = append(st.Conflicts, cs.Conflicts...)
		st.Communes = append(st.Communes, cs)
	}
	for _, p := range Patterns {
		t := PatternTotal{Pattern: p, Communes: count[p], Of: len(communes)}
		if t.Of > 0 {
			t.Share = float64(t.Communes) / float64(t.Of)
		}
		st.Totals = append(st.Totals, t)
	}
	st.Apply(StaffingView{Sort: "name"})
	return st, nil
}

// StaffingOrg reads the organisation of a staffing view: a province or a
// commune the actor sees; anything else is not found.
func (s *Service) StaffingOrg(ctx context.Context, a *auth.Actor, orgID int64) (*model.Org, error) {
	o, err := s.Org(ctx, a, orgID)
	if err != nil {
		return nil, err
	}
	if o.Kind != model.OrgProvince && o.Kind != model.OrgCommune {
		return nil, model.ErrNotFound
	}
	return o, nil
}

// analyse finds the leaders, the people concerned and the patterns of one
// commune from its posts (already limited to the commune and the day).
func analyse(c model.Org, posts []store.StaffPost) CommuneStaffing {
	cs := CommuneStaffing{Commune: c, Leaders: []StaffHolder{}, Others: []StaffHolder{}, Patterns: []Pattern{},
		Conflicts: []Conflict{}}
	var order []int64
	held := map[int64]*StaffHolder{}
	for _, p := range posts {
		h := held[p.PersonID]
		if h == nil {
			h = &StaffHolder{PersonID: p.PersonID, Name: p.Person.FullName, Patterns: []Pattern{}}
			held[p.PersonID] = h
			order = append(order, p.PersonID)
		}
		post := p.Post
		post.Person = nil
		h.Posts = append(h.Posts, post)
	}
	present := map[Pattern]bool{}
	for _, id := range order {
		h := held[id]
		SortPosts(h.Posts)
		h.Patterns = personPatterns(h.Posts)
		for _, k := range leading {
			if holdsParty(h.Posts, k) {
				h.Party = k
				break
			}
		}
		for _, p := range h.Patterns {
			present[p] = true
			if p.Conflict() {
				cf := Conflict{Pattern: p, CommuneID: c.ID, Commune: c.Name, PersonID: h.PersonID, Person: h.Name,
					Posts: postsMaking(p, h.Posts)}
				cf.Text = cf.Sentence("vi")
				cs.Conflicts = append(cs.Conflicts, cf)
			}
		}
		switch {
		case h.Party != "":
			cs.Leaders = append(cs.Leaders, *h)
		case len(h.Patterns) > 0:
			cs.Others = append(cs.Others, *h)
		}
	}
	rankThenName := func(a, b StaffHolder) int {
		if n := a.Party.Rank() - b.Party.Rank(); n != 0 && a.Party != "" && b.Party != "" {
			return n
		}
		return vntext.Compare(vntext.SortKey(a.Name), vntext.SortKey(b.Name))
	}
	slices.SortStableFunc(cs.Leaders, rankThenName)
	slices.SortStableFunc(cs.Others, rankThenName)
	for _, p := range Patterns {
		if present[p] {
			cs.Patterns = append(cs.Patterns, p)
		}
	}
	return cs
}

// personPatterns are the patterns one person's posts make.
func personPatterns(posts []model.Post) []Pattern {
	chairs := map[model.OrgKind]bool{}
	ledOrgs, chaired := map[int64]bool{}, map[int64]bool{}
	n := 0
	for _, p := range posts {
		if p.Kind != model.PostCommitteeMember {
			n++
		}
		if p.Org == nil || p.Org.Kind.IsParty() {
			continue
		}
		ledOrgs[p.OrgID] = true
		if p.Kind == model.PostChair {
			chairs[p.Org.Kind] = true
			chaired[p.OrgID] = true
		}
	}
	secretary := holdsParty(posts, model.PostSecretary)
	deputy := holdsParty(posts, model.PostDeputy) || holdsParty(posts, model.PostStandingDeputy)
	standing := secretary || deputy || holdsParty(posts, model.PostStandingMember)
	has := map[Pattern]bool{
		SecretaryChairsCouncil:   secretary && chairs[model.OrgPeopleCouncil],
		SecretaryChairsCommittee: secretary && chairs[model.OrgPeopleCommittee],
		DeputyChairsCommittee:    deputy && chairs[model.OrgPeopleCommittee],
		DeputyChairsCouncil:      deputy && chairs[model.OrgPeopleCouncil],
		FrontChairStanding:       standing && chairs[model.OrgFront],
		PostsInSeveralOrgs:       len(ledOrgs) >= 2,
		ThreePosts:               n >= ManyPosts,
		HeadsSeveralOrgs:         len(chaired) >= 2,
	}
	out := []Pattern{}
	for _, p := range Patterns {
		if has[p] {
			out = append(out, p)
		}
	}
	return out
}

// postsMaking are the posts that make a conflict: the Bí thư's post and
// the chair of the UBND, the chairs held, or every post counted.
func postsMaking(p Pattern, posts []model.Post) []model.Post {
	out := []model.Post{}
	for _, x := range posts {
		led := x.Org != nil && !x.Org.Kind.IsParty()
		var keep bool
		switch p {
		case SecretaryChairsCommittee:
			keep = x.Kind == model.PostSecretary && !led || x.Kind == model.PostChair && led && x.Org.Kind == model.OrgPeopleCommittee
		case HeadsSeveralOrgs:
			keep = x.Kind == model.PostChair && led
		default:
			keep = x.Kind != model.PostCommitteeMember
		}
		if keep {
			out = append(out, x)
		}
	}
	return out
}

// holdsParty reports whether posts include the party post kind, held in
// the commune itself.
func holdsParty(posts []model.Post, kind model.PostKind) bool {
	for _, p := range posts {
		if p.Kind == kind && (p.Org == nil || p.Org.Kind.IsParty()) {
			return true
		}
	}
	return false
}
