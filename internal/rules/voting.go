package rules

import "nghisu/internal/model"

// Threshold is a share of a base: Num/Den of it, reached when the votes are
// at least that share, or strictly more when Strict ("quá nửa").
type Threshold struct {
	Num, Den int
	Strict   bool
}

var (
	// MoreThanHalf: a resolution passes with more than half of all incumbent
	// members (Điều lệ Đảng, Điều 9 khoản 5; Quy định 294-QĐ/TW 2025, 9.3.3).
	MoreThanHalf = Threshold{Num: 1, Den: 2, Strict: true}
	// TwoThirds: at least two thirds.
	TwoThirds = Threshold{Num: 2, Den: 3}
)

// Met reports whether n reaches the threshold of base. An empty base
// reaches nothing: a body without incumbent members decides nothing.
func (t Threshold) Met(n, base int) bool {
	if base <= 0 {
		return false
	}
	if t.Strict {
		return n*t.Den > t.Num*base
	}
	return n*t.Den >= t.Num*base
}

// Needed is the smallest n that meets the threshold of base.
func (t Threshold) Needed(base int) int {
	if base <= 0 {
		return 1
	}
	n := t.Num * base / t.Den
	for !t.Met(n, base) {
		n++
	}
	for n > 0 && t.Met(n-1, base) {
		n--
	}
	return n
}

// BallotRule says which ways of voting a decision allows.
type BallotRule int

const (
	BallotAny    BallotRule = iota // open, named or secret: the meeting chooses
	BallotOpen                     // by show of hands or by name, never secret
	BallotSecret                   // secret only (electronic or paper); the chair cannot override
)

// VoteRule is what the rules say about one kind of decision.
type VoteRule struct {
	Kind model.DecisionKind
	// Pass is the share of the base the votes for must reach.
	Pass Threshold
	// Ballot is how the votes may be cast.
	Ballot BallotRule
	// MinPresent, when set, is the share of the base that must be present
	// for the vote to be held at all, whatever the meeting's quorum.
	MinPresent *Threshold
	// Source is the rule's text, shown beside the result.
	Source string
}

// voteRules is the table of decision kinds. The base is always every
// incumbent member of the body (VoteBase), never those present, so an
// abstention or an absence counts against a motion.
var voteRules = map[model.DecisionKind]VoteRule{
	model.DecideOrdinary: {Kind: model.DecideOrdinary, Pass: MoreThanHalf, Ballot: BallotOpen,
		Source: "Điều lệ Đảng, Điều 9 khoản 5; Quy định 294-QĐ/TW, mục 9.3.3"},
	model.DecideAdmission: {Kind: model.DecideAdmission, Pass: TwoThirds, Ballot: BallotAny,
		Source: "Hướng dẫn 06-HD/TW, mục 3.7.a"},
	model.DecideElection: {Kind: model.DecideElection, Pass: MoreThanHalf, Ballot: BallotSecret,
		Source: "Quyết định 190-QĐ/TW, Điều 3"},
	model.DecideNomination: {Kind: model.DecideNomination, Pass: MoreThanHalf, Ballot: BallotSecret,
		Source: "Quyết định 190-QĐ/TW, Điều 3"},
	model.DecideConfidence: {Kind: model.DecideConfidence, Pass: MoreThanHalf, Ballot: BallotSecret,
		MinPresent: &TwoThirds, Source: "Quyết định 190-QĐ/TW; Điều lệ Đảng, Điều 9"},
	model.DecidePersonnel: {Kind: model.DecidePersonnel, Pass: MoreThanHalf, Ballot: BallotSecret,
		Source: "Điều lệ Đảng, Điều 9 khoản 5"},
}

// RuleFor is the rule of a decision kind. Other personnel decisions are
// secret unless the commune's setting says otherwise (PersonnelSecret).
func RuleFor(kind model.DecisionKind, personnelSecret bool) VoteRule {
	r, ok := voteRules[kind]
	if !ok {
		r = voteRules[model.DecideOrdinary]
	}
	if kind == model.DecidePersonnel && !personnelSecret {
		r.Ballot = BallotAny
	}
	return r
}

// Allows reports whether the rule lets the vote be cast by method.
func (r VoteRule) Allows(m model.VoteMethod) bool {
	switch r.Ballot {
	case BallotOpen:
		return !m.Secret()
	case BallotSecret:
		return m.Secret()
	}
	return true
}

// Passed reports whether votes for carry the decision with this base.
func (r VoteRule) Passed(votesFor, base int) bool { return r.Pass.Met(votesFor, base) }

// Quorum settings: the share of incumbent members that must be present for
// a BCH or BTV meeting to vote. DOMAIN.md §3 gives 2/3 as the default; no
// text fixing it for commune committees was found, hence a setting.
const (
	QuorumHalf      = 1 // more than half
	QuorumTwoThirds = 2 // at least two thirds (default)
)

// QuorumThreshold is the threshold a quorum setting names.
func QuorumThreshold(setting int) Threshold {
	if setting == QuorumHalf {
		return MoreThanHalf
	}
	return TwoThirds
}

// CanVote reports whether a vote under rule r may open with this many
// present out of base, given the meeting's quorum setting; when it may not,
// the reason is a catalog key with the numbers it needs (needed, present,
// base).
func CanVote(r VoteRule, present, base, quorumSetting int) (ok bool, reason model.Msg) {
	if base <= 0 {
		return false, model.M("vote.no_base")
	}
	q := QuorumThreshold(quorumSetting)
	if !q.Met(present, base) {
		return false, model.M("vote.no_quorum", q.Needed(base), present, base)
	}
	if r.MinPresent != nil && !r.MinPresent.Met(present, base) {
		return false, model.M("vote.min_present", r.MinPresent.Needed(base), present, base)
	}
	return true, model.Msg{}
}

// CheckTally validates counts entered by hand (a show of hands counted by
// the secretary, or paper ballots counted by the counting board): no
// negative number, and no more ballots than members present.
func CheckTally(t model.Tally, present int) error {
	var e model.ValidationError
	for _, f := range []struct {
		name string
		n    int
	}{{"for", t.For}, {"against", t.Against}, {"abstain", t.Abstain}, {"spoiled", t.Spoiled}} {
		if f.n < 0 {
			e.Add(f.name, "vote.tally_negative")
		}
	}
	if e.Err() == nil && t.For+t.Against+t.Abstain+t.Spoiled > present {
		e.Add("for", "vote.tally_too_many", t.For+t.Against+t.Abstain+t.Spoiled, present)
	}
	return e.Err()
}
