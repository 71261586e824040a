// Package rules encodes the Party's rules as data and pure functions: who
// counts in the base of a vote, how big a standing committee may be. No I/O;
// every rule is table-tested with its source.
package rules

import "nghisu/internal/model"

// MinCommitteeForStanding: a party committee elects a standing committee
// (BTV) only when it has at least 9 members (Điều lệ Đảng; DOMAIN.md §1).
const MinCommitteeForStanding = 9

// StandingAllowed reports whether a committee of this size may have a BTV.
func StandingAllowed(committeeSize int) bool { return committeeSize >= MinCommitteeForStanding }

// MaxStanding is the largest BTV a committee of this size may have: at most
// a third of its members (DOMAIN.md §1), 0 when no BTV is allowed.
func MaxStanding(committeeSize int) int {
	if !StandingAllowed(committeeSize) {
		return 0
	}
	return committeeSize / 3
}

// CountsInBase reports whether a member with this status counts in the base
// of the body's votes. The base of BCH, BTV and UBKT resolutions is all
// incumbent members (Quy định 294-QĐ/TW 2025, 9.3.3): members temporarily
// transferred, exempted, suspended or prosecuted are out of it, and
// probationary members have no vote.
func CountsInBase(s model.MemberStatus) bool { return s == model.StatusIncumbent }

// VoteBase counts the members of a body who count in the base of its votes.
func VoteBase(statuses []model.MemberStatus) int {
	n := 0
	for _, s := range statuses {
		if CountsInBase(s) {
			n++
		}
	}
	return n
}
