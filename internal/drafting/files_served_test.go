package drafting

import "testing"

// A stored type that no upload may have (a row written some other way) is
// served as plain bytes.
func TestServedType(t *testing.T) {
	for in, want := range map[string]string{
		"application/pdf": "application/pdf", "image/png": "image/png",
		"text/html; charset=utf-8": "application/octet-stream", "image/svg+xml": "application/octet-stream",
		"": "application/octet-stream", "application/pdf; x=1": "application/octet-stream",
	} {
		if got := ServedType(in); got != want {
			t.Errorf("ServedType(%q) = %q, want %q", in, got, want)
		}
	}
}
