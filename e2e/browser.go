// Package e2e drives the real pages of nghisu in Debian's Chromium (headless,
// through chromedp): sign in, click, type, see the result, and check every
// page visited for accessibility problems with axe-core.
package e2e
