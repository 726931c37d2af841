package tables

// Outlets is the comparison of the outlets of a tables tree: the numbers
// the outlets report draws (package render), computed from the tables by
// package query. Outlets are in key order; every other list is grouped by
// outlet in that order.
type Outlets struct {
	Outlets []OutletStats
	Terms   []OutletTerm  // each outlet's most used terms
	Actors  []OutletActor // each outlet's most targeted actors
	Series  []OutletDate  // per date and outlet, dates in order
}

// OutletStats is one outlet's documents.
type OutletStats struct {
	Key, Name       string // partition value; name as the pages give it (may be empty)
	Documents       int64
	Loaded          int64 // documents labelled loaded
	Findings, Words int64
	// Intensity distribution: mean and five-number summary.
	Mean, Min, Q1, Median, Q3, Max float64
	// Intensities is a sample of at most MaxSample document intensities
	// (chosen by a hash of the document id, so the same every run).
	Intensities []float64
	// The weight of the outlet's findings by voice.
	AuthorWeight, QuotedWeight, ReportedWeight float64
}

// MaxSample bounds OutletStats.Intensities.
const MaxSample = 400

// OutletTerm is one term's use by one outlet, against the other outlets.
type OutletTerm struct {
	Outlet, Term, Category string
	Uses, Documents        int64
	ShareHere              float64 // of the outlet's findings, the share that are this term
	ShareElsewhere         float64 // the same share in all other outlets together
}

// OutletActor is one actor framed by one outlet.
type OutletActor struct {
	Outlet, Actor       string
	Findings, Documents int64
	Weight, AuthorShare float64
	TopCategory         string // the category of most of the findings
}

// OutletDate is one outlet's documents of one day.
type OutletDate struct {
	Date, Outlet  string
	Documents     int64
	MeanIntensity float64
}
