package round

import "testing"

func TestTo(t *testing.T) {
	for _, c := range []struct {
		x      float64
		places int
		want   float64
	}{
		{1.234, 2, 1.23},
		{1.235, 2, 1.24},
		{-1.235, 2, -1.24},
		{0.125, 2, 0.13},
		{2.25, 1, 2.3},
		{6.0 / 7, 4, 0.8571},
		{2.0 / 3, 4, 0.6667},
		{0, 4, 0},
		{3.4567, 0, 3},
	} {
		if got := To(c.x, c.places); got != c.want {
			t.Errorf("To(%v, %d) = %v, want %v", c.x, c.places, got, c.want)
		}
	}
}
