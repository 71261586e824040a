// Package vntext is the one place for Vietnamese text handling: cleaning
// input, search keys, collation, dates and numbers in Vietnamese style.
//
// Input may arrive precomposed (NFC) or decomposed (NFD, from Excel and some
// keyboards) and with either tone placement ("hòa"/"hoà", "thủy"/"thuỷ");
// every function here gives the same result for all of these forms.
package vntext
