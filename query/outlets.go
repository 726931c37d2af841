package query

import (
	"context"
	"fmt"

	"github.com/slantnews/slant/tables"
)

// Outlets computes the outlets comparison: per outlet the intensity
// distribution and a sample of it, the terms it uses most (topTerms each),
// the actors it frames most (topActors each), and the series by date.
func (d *DB) Outlets(ctx context.Context, topTerms, topActors int) (*tables.Outlets, error) {
	out := &tables.Outlets{}
	stats, err := d.Query(ctx, `SELECT outlet, coalesce(min(outlet_name), ''), count(*),
  count(*) FILTER (WHERE label = 'loaded'), sum(findings), sum(words),
  avg(intensity), min(intensity), quantile_cont(intensity, 0.25), median(intensity), quantile_cont(intensity, 0.75), max(intensity),
  sum(author_weight), sum(quoted_weight), coalesce(sum(reported_weight), 0)
FROM documents GROUP BY outlet ORDER BY outlet`)
	if err != nil {
		return nil, fmt.Errorf("outlets: %w", err)
	}
	index := map[string]int{}
	for _, r := range stats.Rows {
		o := tables.OutletStats{Key: str(r[0]), Name: str(r[1]), Documents: i64(r[2]), Loaded: i64(r[3]), Findings: i64(r[4]), Words: i64(r[5]),
			Mean: f64(r[6]), Min: f64(r[7]), Q1: f64(r[8]), Median: f64(r[9]), Q3: f64(r[10]), Max: f64(r[11]),
			AuthorWeight: f64(r[12]), QuotedWeight: f64(r[13]), ReportedWeight: f64(r[14])}
		index[o.Key] = len(out.Outlets)
		out.Outlets = append(out.Outlets, o)
	}
	sample, err := d.Query(ctx, fmt.Sprintf(`SELECT outlet, intensity FROM (
  SELECT outlet, intensity, row_number() OVER (PARTITION BY outlet ORDER BY hash(doc_id), doc_id) AS n FROM documents
) WHERE n <= %d ORDER BY outlet, intensity`, tables.MaxSample))
	if err != nil {
		return nil, fmt.Errorf("outlets: sample: %w", err)
	}
	for _, r := range sample.Rows {
		o := &out.Outlets[index[str(r[0])]]
		o.Intensities = append(o.Intensities, f64(r[1]))
	}
	terms, err := d.Query(ctx, "SELECT * FROM ("+termsSQL+fmt.Sprintf(") WHERE rank <= %d", topTerms))
	if err != nil {
		return nil, fmt.Errorf("outlets: terms: %w", err)
	}
	for _, r := range terms.Rows {
		out.Terms = append(out.Terms, tables.OutletTerm{Outlet: str(r[0]), Term: str(r[2]), Category: str(r[3]),
			Uses: i64(r[4]), Documents: i64(r[5]), ShareHere: f64(r[6]), ShareElsewhere: f64(r[7])})
	}
	actors, err := d.Query(ctx, fmt.Sprintf(`SELECT outlet, actor, findings, documents, weight, author_share, top_category FROM (
  SELECT outlet, actor, count(*) AS findings, count(DISTINCT doc_id) AS documents, sum(weight) AS weight,
    avg(CASE WHEN voice = 'author' THEN 1.0 ELSE 0.0 END) AS author_share,
    mode(category ORDER BY category) AS top_category,
    row_number() OVER (PARTITION BY outlet ORDER BY count(*) DESC, actor) AS rank
  FROM findings WHERE actor IS NOT NULL GROUP BY outlet, actor
) WHERE rank <= %d ORDER BY outlet, rank`, topActors))
	if err != nil {
		return nil, fmt.Errorf("outlets: actors: %w", err)
	}
	for _, r := range actors.Rows {
		out.Actors = append(out.Actors, tables.OutletActor{Outlet: str(r[0]), Actor: str(r[1]), Findings: i64(r[2]), Documents: i64(r[3]),
			Weight: f64(r[4]), AuthorShare: f64(r[5]), TopCategory: str(r[6])})
	}
	series, err := d.Query(ctx, `SELECT "date", outlet, count(*), avg(intensity) FROM documents
WHERE "date" <> '__unknown__' GROUP BY "date", outlet ORDER BY "date", outlet`)
	if err != nil {
		return nil, fmt.Errorf("outlets: series: %w", err)
	}
	for _, r := range series.Rows {
		out.Series = append(out.Series, tables.OutletDate{Date: str(r[0]), Outlet: str(r[1]), Documents: i64(r[2]), MeanIntensity: f64(r[3])})
	}
	return out, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func i64(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	}
	return 0
}

func f64(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	}
	return 0
}
