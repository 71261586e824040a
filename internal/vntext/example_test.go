package vntext_test

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"nghisu/internal/vntext"
)

func ExampleFold() {
	fmt.Println(vntext.Fold("  Đảng ủy   xã Mỹ Phong "))
	fmt.Println(vntext.Fold("Thuỷ") == vntext.Fold("Thủy"))
	// Output:
	// dang uy xa my phong
	// true
}

func ExampleMatchFold() {
	name := vntext.Fold("Nguyễn Văn Đức")
	fmt.Println(vntext.MatchFold(name, "đức nguyen"), vntext.MatchFold(name, "duc tran"))
	// Output: true false
}

func ExampleSortKey() {
	names := []string{"Trần Văn Bình", "Phạm Thị Ánh", "Lê Văn Ân", "Nguyễn Thị An"}
	slices.SortFunc(names, func(a, b string) int {
		return strings.Compare(vntext.SortKey(a), vntext.SortKey(b))
	})
	fmt.Println(strings.Join(names, "; "))
	// Output: Nguyễn Thị An; Phạm Thị Ánh; Lê Văn Ân; Trần Văn Bình
}

func ExamplePlaceDate() {
	t := time.Date(2026, 4, 3, 9, 0, 0, 0, vntext.Location())
	fmt.Println(vntext.PlaceDate("Mỹ Tho", t))
	fmt.Println(vntext.ShortDate(t), vntext.MonthYear(t))
	// Output:
	// Mỹ Tho, ngày 03 tháng 4 năm 2026
	// 03/04/2026 tháng 4 năm 2026
}

func ExampleParseDate() {
	_, err := vntext.ParseDate("31/02/2026")
	fmt.Println(err)
	// Output: Ngày 31/02/2026 không tồn tại: tháng 2 năm 2026 chỉ có 28 ngày.
}

func ExampleDecimal() {
	fmt.Println(vntext.Int(1234567), vntext.Decimal(1234.5, 2), vntext.Percent(2.0/3, 1))
	// Output: 1.234.567 1.234,50 66,7%
}
