// Package round rounds the figures that slant reports, so that every package
// rounds the same way: half away from zero, at a fixed number of decimals.
// It is internal: a detail of the report formats, not an API.
package round

import "math"

// To rounds x to the given number of decimal places, halves away from zero.
// To(x, 2) is math.Round(x*100) / 100.
func To(x float64, places int) float64 {
	p := math.Pow10(places)
	return math.Round(x*p) / p
}
