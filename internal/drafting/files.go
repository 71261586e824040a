package drafting

import (
	"archive/zip"
	"bytes"
	"net/http"
	"path/filepath"
	"strings"

	"nghisu/internal/model"
)

// The file types a meeting paper may be, by extension, with what their
// content must look like.
var fileTypes = map[string]string{
	".pdf":  "application/pdf",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
}

// Sniff decides a file's content type from its bytes and checks that its
// name says the same: a file whose extension lies about its content is
// refused, so that nothing uploaded can later be served as something else.
func Sniff(name string, data []byte) (string, error) {
	ext := strings.ToLower(filepath.Ext(name))
	want, ok := fileTypes[ext]
	if !ok {
		return "", model.Refuse("file.type_not_allowed")
	}
	got := detect(data)
	if got != want {
		return "", model.Refuse("file.type_mismatch", ext)
	}
	return got, nil
}

// ServedType is the type a stored file is served as: its type when it is
// one an upload may have, else plain bytes, so that a row written by
// anything else can never be served as a page or an image that runs code.
func ServedType(contentType string) string {
	for _, t := range fileTypes {
		if t == contentType {
			return t
		}
	}
	return "application/octet-stream"
}

func detect(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "image/jpeg"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		// Word and Excel files are zip archives; which one is told by the
		// part at their heart.
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return "application/zip"
		}
		for _, f := range zr.File {
			switch f.Name {
			case "word/document.xml":
				return fileTypes[".docx"]
			case "xl/workbook.xml":
				return fileTypes[".xlsx"]
			}
		}
		return "application/zip"
	}
	return http.DetectContentType(data)
}
