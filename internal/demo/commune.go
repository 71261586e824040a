package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"time"

	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// gen generates one commune with its own random stream, so that adding a
// commune does not change the others.
type gen struct {
	st     *store.Store
	rng    *rand.Rand
	used   map[string]bool
	people int
}

// seeded names the people the accounts belong to.
type seeded struct {
	org            *model.Org
	secretary      *model.Person
	standingDeputy *model.Person
	standingMember *model.Person
	member         *model.Person
	office         *model.Person
	// minutesTaker is the committee member who keeps the minutes.
	minutesTaker *model.Person
}

// fixedMember is the index of Mỹ Tho's named member: a plain committee
// member, clear of the posts given to the first members and of the odd
// statuses given to the last.
const fixedMember = 20

var unitWord = map[model.Unit]string{model.UnitWard: "phường", model.UnitCommune: "xã", model.UnitSpecial: "đặc khu"}

func (g *gen) commune(ctx context.Context, prov *model.Org, unit model.Unit, name string) (*seeded, error) {
	st := g.st
	place := unitWord[unit] + " " + name
	c := &model.Org{ParentID: prov.ID, Kind: model.OrgCommune, Unit: unit, Name: "Đảng bộ " + place, Place: name}
	if err := st.CreateOrg(ctx, c); err != nil {
		return nil, err
	}
	out := &seeded{org: c}
	// Commune congresses for 2025–2030 met in August 2025, after the merger.
	termStart := model.Date{Year: 2025, Month: time.August, Day: 8 + g.rng.IntN(18)}
	term := &model.Term{OrgID: c.ID, Name: "2025–2030", StartsOn: termStart}
	if err := st.CreateTerm(ctx, term); err != nil {
		return nil, err
	}
	bodies := map[model.BodyKind]*model.Body{}
	for _, k := range model.BodyKinds {
		b := &model.Body{OrgID: c.ID, TermID: term.ID, Kind: k}
		if err := st.CreateBody(ctx, b); err != nil {
			return nil, err
		}
		bodies[k] = b
	}
	led := map[model.OrgKind]*model.Org{}
	ledNames := map[model.OrgKind]string{
		model.OrgPeopleCommittee: "Ủy ban nhân dân " + place,
		model.OrgPeopleCouncil:   "Hội đồng nhân dân " + place,
		model.OrgFront:           "Ủy ban Mặt trận Tổ quốc Việt Nam " + place,
		model.OrgFarmers:         "Hội Nông dân " + place,
		model.OrgWomen:           "Hội Liên hiệp Phụ nữ " + place,
		model.OrgYouth:           "Đoàn Thanh niên Cộng sản Hồ Chí Minh " + place,
		model.OrgVeterans:        "Hội Cựu chiến binh " + place,
		model.OrgTradeUnion:      "Công đoàn " + place,
	}
	for _, k := range model.LedKinds {
		o := &model.Org{ParentID: c.ID, Kind: k, Name: ledNames[k]}
		if err := st.CreateOrg(ctx, o); err != nil {
			return nil, err
		}
		led[k] = o
	}

	size := 15 + g.rng.IntN(17) // 15–31 members
	switch name {
	case "Mỹ Tho":
		size = 31
	case "Cao Lãnh":
		size = 27
	}
	btvSize := size / 3
	if btvSize > 7 && g.rng.IntN(2) == 0 {
		btvSize-- // not every committee fills every seat
	}

	bch := make([]*model.Person, size)
	for i := range bch {
		female := g.rng.IntN(10) < 3
		if name == "Mỹ Tho" && i == fixedMember {
			// A fixed member, so that the README and the browser test can
			// look her counterpart up by name.
			p, err := g.person(ctx, c.ID, "Nguyễn Văn Đức", false, 1979)
			if err != nil {
				return nil, err
			}
			bch[i] = p
			continue
		}
		p, err := g.randomPerson(ctx, c.ID, female, 1965+g.rng.IntN(30))
		if err != nil {
			return nil, err
		}
		bch[i] = p
	}
	// Statuses: most incumbent; a few transferred, exempted or suspended,
	// which the vote base leaves out. Mỹ Tho has three (base 28 of 31).
	statuses := make([]model.MemberStatus, size)
	for i := range statuses {
		statuses[i] = model.StatusIncumbent
	}
	odd := []model.MemberStatus{model.StatusTransferred, model.StatusTransferred, model.StatusExempted}
	if name != "Mỹ Tho" {
		odd = odd[:g.rng.IntN(3)]
		if g.rng.IntN(8) == 0 {
			odd = append(odd, model.StatusSuspended)
		}
	}
	for j, s := range odd {
		statuses[size-1-j] = s // plain members at the end of the list
	}
	for i, p := range bch {
		if err := g.member(ctx, bodies[model.BodyCommittee], p, model.StatusIncumbent, termStart); err != nil {
			return nil, err
		}
		if statuses[i] != model.StatusIncumbent {
			if err := g.changeStatus(ctx, bodies[model.BodyCommittee], p, statuses[i], termStart); err != nil {
				return nil, err
			}
		}
	}
	for i := 0; i < btvSize; i++ {
		if err := g.member(ctx, bodies[model.BodyStanding], bch[i], model.StatusIncumbent, termStart); err != nil {
			return nil, err
		}
	}

	post := func(p *model.Person, org *model.Org, body *model.Body, kind model.PostKind, title string, areas []string) error {
		po := &model.Post{PersonID: p.ID, OrgID: org.ID, Kind: kind, Title: title, Areas: areas, StartedOn: termStart}
		if body != nil {
			po.BodyID = body.ID
		}
		if po.Areas == nil {
			po.Areas = []string{}
		}
		return st.AddPost(ctx, po)
	}
	bchBody, btvBody := bodies[model.BodyCommittee], bodies[model.BodyStanding]
	secretaryChairsCouncil := g.rng.IntN(10) < 7
	arr := arrangementOf(name)
	// The chair of the People's Committee: a Phó Bí thư, or in the
	// communes of the article's model the Bí thư himself (who then leaves
	// the People's Council to the Phó Bí thư thường trực).
	ubndChair := bch[2]
	if !arr.plain {
		secretaryChairsCouncil = !arr.councilToStandingDeputy
	}
	if arr.secretaryChairsUBND {
		ubndChair, secretaryChairsCouncil = bch[0], false
	}
	steps := []error{
		post(bch[0], c, bchBody, model.PostSecretary, "", areaSecretary),
		post(bch[1], c, bchBody, model.PostStandingDeputy, "", areaStanding),
		post(bch[2], c, bchBody, model.PostDeputy, "", areaDeputy),
		post(ubndChair, led[model.OrgPeopleCommittee], nil, model.PostChair, "", nil),
	}
	if secretaryChairsCouncil {
		steps = append(steps, post(bch[0], led[model.OrgPeopleCouncil], nil, model.PostChair, "", nil))
	} else {
		steps = append(steps, post(bch[1], led[model.OrgPeopleCouncil], nil, model.PostChair, "", nil))
	}
	for i := 3; i < btvSize; i++ {
		steps = append(steps, post(bch[i], c, btvBody, model.PostStandingMember, "", btvAreas[(i-3)%len(btvAreas)]))
	}
	// BTV members who chair the inspection committee and the Front.
	inspectionChair, frontChair := bch[3], bch[4]
	steps = append(steps,
		post(frontChair, led[model.OrgFront], nil, model.PostChair, "", nil),
		post(bch[5], led[model.OrgPeopleCommittee], nil, model.PostViceChair, "", []string{"Kinh tế"}),
	)
	// Committee members who lead the mass organisations.
	massChairs := []struct {
		kind  model.OrgKind
		title string
	}{{model.OrgFarmers, ""}, {model.OrgWomen, ""}, {model.OrgYouth, "Bí thư Đoàn"}, {model.OrgVeterans, ""}, {model.OrgTradeUnion, ""}}
	for j, mc := range massChairs {
		p := bch[btvSize+j]
		if mc.kind == model.OrgVeterans && arr.frontChairLeadsVeterans {
			p = frontChair // a third post: the overload the view warns of
		}
		kind := model.PostChair
		if mc.title != "" {
			kind = model.PostOther
		}
		steps = append(steps, post(p, led[mc.kind], nil, kind, mc.title, nil))
		if arr.massChairsInFront && mc.kind != model.OrgVeterans {
			// Since 2025 the mass organisations work under the Front:
			// their heads are often its vice chairs (kiêm nhiệm).
			steps = append(steps, post(p, led[model.OrgFront], nil, model.PostViceChair, "", nil))
		}
	}
	for _, err := range steps {
		if err != nil {
			return nil, err
		}
	}

	// The inspection committee: its chair from the BTV, a full-time vice
	// chair and members from outside the BCH.
	ubkt := bodies[model.BodyInspection]
	if err := g.member(ctx, ubkt, inspectionChair, model.StatusIncumbent, termStart); err != nil {
		return nil, err
	}
	if err := post(inspectionChair, c, ubkt, model.PostInspectionChair, "", []string{"Kiểm tra, giám sát"}); err != nil {
		return nil, err
	}
	for j := 0; j < 3+g.rng.IntN(3); j++ {
		p, err := g.randomPerson(ctx, c.ID, g.rng.IntN(3) == 0, 1970+g.rng.IntN(25))
		if err != nil {
			return nil, err
		}
		if err := g.member(ctx, ubkt, p, model.StatusIncumbent, termStart); err != nil {
			return nil, err
		}
		if j == 0 {
			if err := post(p, c, ubkt, model.PostInspectionViceChair, "", nil); err != nil {
				return nil, err
			}
		}
	}
	// Office staff and a vice chair of the council, outside the BCH.
	office, err := g.randomPerson(ctx, c.ID, true, 1988+g.rng.IntN(8))
	if err != nil {
		return nil, err
	}
	vice, err := g.randomPerson(ctx, c.ID, false, 1972+g.rng.IntN(15))
	if err != nil {
		return nil, err
	}
	if err := post(vice, led[model.OrgPeopleCouncil], nil, model.PostViceChair, "", nil); err != nil {
		return nil, err
	}

	out.secretary, out.standingDeputy, out.office = bch[0], bch[1], office
	out.standingMember = bch[min(5, btvSize-1)]
	out.member = bch[fixedMember%size]
	out.minutesTaker = bch[(fixedMember+1)%size]
	return out, nil
}

// arrangement is how a demo commune combines posts, so that the staffing
// view tells a story: most Bí thư chair the People's Council, a few the
// People's Committee (the article's model); here and there the Front's
// chair also leads the veterans (three posts), and in some communes the
// heads of the mass organisations are vice chairs of the Front. Chosen by
// name, not by the commune's random stream, so names and sizes stay as
// they were.
type arrangement struct {
	// plain communes draw who chairs the People's Council at random, as
	// the demo always did.
	plain                   bool
	councilToStandingDeputy bool
	secretaryChairsUBND     bool
	frontChairLeadsVeterans bool
	massChairsInFront       bool
}

// Mỹ Tho and Cao Lãnh, the README's communes, keep the plain model (and
// the tests that know them).
var (
	secretaryChairsUBND     = map[string]bool{"Sa Đéc": true, "Tràm Chim": true, "Tháp Mười": true, "Lấp Vò": true}
	frontChairLeadsVeterans = map[string]bool{"Hồng Ngự": true, "Chợ Gạo": true, "Tháp Mười": true}
)

func arrangementOf(name string) arrangement {
	if name == "Mỹ Tho" || name == "Cao Lãnh" {
		return arrangement{plain: true}
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	n := h.Sum32()
	return arrangement{secretaryChairsUBND: secretaryChairsUBND[name], frontChairLeadsVeterans: frontChairLeadsVeterans[name],
		councilToStandingDeputy: n%5 == 0, massChairsInFront: n%3 == 0}
}

func (g *gen) member(ctx context.Context, b *model.Body, p *model.Person, s model.MemberStatus, from model.Date) error {
	return g.st.AddMembership(ctx, &model.Membership{BodyID: b.ID, PersonID: p.ID, Status: s, StartedOn: from})
}

// changeStatus records a status that began some months into the term.
func (g *gen) changeStatus(ctx context.Context, b *model.Body, p *model.Person, s model.MemberStatus, termStart model.Date) error {
	m, err := g.st.OpenMembership(ctx, b.ID, p.ID)
	if err != nil {
		return err
	}
	on := model.DateOf(termStart.Time(time.UTC).AddDate(0, 1+g.rng.IntN(5), g.rng.IntN(20)))
	if err := g.st.EndMembership(ctx, m.ID, on); err != nil {
		return err
	}
	note := map[model.MemberStatus]string{
		model.StatusTransferred: "Chuyển sinh hoạt tạm thời để đi học tập trung",
		model.StatusExempted:    "Miễn công tác và sinh hoạt đảng vì lý do sức khỏe",
		model.StatusSuspended:   "Đình chỉ sinh hoạt đảng trong thời gian xem xét kỷ luật",
	}[s]
	return g.st.AddMembership(ctx, &model.Membership{BodyID: b.ID, PersonID: p.ID, Status: s, StartedOn: on, Note: note})
}

func (g *gen) randomPerson(ctx context.Context, orgID int64, female bool, year int) (*model.Person, error) {
	for {
		family := familyNames[g.rng.IntN(len(familyNames))]
		var name string
		if female {
			name = family + " " + femaleMiddle[g.rng.IntN(len(femaleMiddle))] + " " + femaleGiven[g.rng.IntN(len(femaleGiven))]
		} else {
			name = family + " " + maleMiddle[g.rng.IntN(len(maleMiddle))] + " " + maleGiven[g.rng.IntN(len(maleGiven))]
		}
		if !g.used[name] {
			return g.person(ctx, orgID, name, female, year)
		}
	}
}

func (g *gen) person(ctx context.Context, orgID int64, name string, female bool, year int) (*model.Person, error) {
	g.used[name] = true
	gender := model.GenderMale
	if female {
		gender = model.GenderFemale
	}
	birth := model.Date{Year: year, Month: time.Month(1 + g.rng.IntN(12)), Day: 1 + g.rng.IntN(28)}
	joined := model.Date{Year: year + 22 + g.rng.IntN(8), Month: time.Month(1 + g.rng.IntN(12)), Day: 1 + g.rng.IntN(28)}
	if joined.Year > 2024 {
		joined.Year = 2024
	}
	p := &model.Person{OrgID: orgID, FullName: name, Gender: gender, BirthDate: birth, PartyJoined: joined,
		Phone: fmt.Sprintf("09%d%d %03d %03d", g.rng.IntN(10), g.rng.IntN(10), g.rng.IntN(1000), g.rng.IntN(1000)),
		Email: mailbox(name) + fmt.Sprintf("%d@dongthap.gov.vn", g.rng.IntN(100))}
	g.people++
	return p, g.st.CreatePerson(ctx, p)
}

// mailbox turns "Nguyễn Văn Đức" into "ducnv", the usual provincial form.
func mailbox(name string) string {
	words := strings.Fields(vntext.Fold(name))
	if len(words) == 0 {
		return "canbo"
	}
	box := words[len(words)-1]
	for _, w := range words[:len(words)-1] {
		box += w[:1]
	}
	return box
}
