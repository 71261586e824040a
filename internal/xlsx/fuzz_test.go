package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"testing"
)

// FuzzReadMembers feeds ReadMembers damaged files: it must not panic, and
// must give either a *FileError and nothing else, or rows with their errors.
func FuzzReadMembers(f *testing.F) {
	good, err := WriteMembers("vi", sampleRows())
	if err != nil {
		f.Fatal(err)
	}
	bad, err := WriteMembers("en", []MemberRow{{FullName: "x", Phone: "1", Email: "y"}, {FullName: "x"}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(bad)
	f.Add(mustTemplate(f, "vi"))
	f.Add([]byte("STT,Họ và tên\n1,An\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data) })
}

// FuzzReadSheetXML mutates the sheet and shared strings XML inside an
// otherwise valid file: mutated zip bytes mostly fail the zip checksums,
// so this reaches the cell parsing that FuzzReadMembers seldom does.
func FuzzReadSheetXML(f *testing.F) {
	good, err := WriteMembers("vi", sampleRows())
	if err != nil {
		f.Fatal(err)
	}
	parts := unzipParts(f, good)
	f.Add(parts["xl/worksheets/sheet1.xml"], parts["xl/sharedStrings.xml"])
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, data := range parts {
			switch name {
			case "xl/worksheets/sheet1.xml":
				data = sheet
			case "xl/sharedStrings.xml":
				data = sst
			}
			w, err := zw.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(data); err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		checkRead(t, buf.Bytes())
	})
}

func checkRead(t *testing.T, data []byte) {
	recoverPanics = false // a panic must fail the fuzz test, not be hidden
	defer func() { recoverPanics = true }()
	rows, errs, err := ReadMembers(bytes.NewReader(data), "vi", 50)
	if err != nil {
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Fatalf("error %v is not a *FileError", err)
		}
		if rows != nil || errs != nil {
			t.Fatal("rows returned with a file error")
		}
		return
	}
	if len(rows) == 0 || len(rows) > 50 {
		t.Fatalf("%d rows without a file error", len(rows))
	}
	for _, e := range errs {
		if e.Row < 2 || e.Msg.Key == "" {
			t.Fatalf("bad row error %+v", e)
		}
	}
}

func unzipParts(t testing.TB, b []byte) map[string][]byte {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if parts[f.Name], err = io.ReadAll(r); err != nil {
			t.Fatal(err)
		}
	}
	return parts
}

// FuzzReadTargetValues feeds the values reader damaged files: no panic, and
// either a *FileError or rows.
func FuzzReadTargetValues(f *testing.F) {
	tmpl, err := ValuesTemplate("vi")
	if err != nil {
		f.Fatal(err)
	}
	var exp bytes.Buffer
	if err := WriteTargets(&exp, "vi", []TargetSheet{{ID: 1, Name: "x", Unit: "%", Values: []SheetValue{{Period: "2026", Value: 1.5}}}}); err != nil {
		f.Fatal(err)
	}
	f.Add(tmpl)
	f.Add(exp.Bytes())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		recoverPanics = false
		defer func() { recoverPanics = true }()
		rows, err := ReadTargetValues(bytes.NewReader(data), "vi", 50)
		var fe *FileError
		if err != nil && (!errors.As(err, &fe) || rows != nil) {
			t.Fatalf("%v with %d rows", err, len(rows))
		}
	})
}
