package query

// Question is a named question: a flag of slant query and its SQL.
type Question struct {
	Name    string // the flag: --outlets
	Summary string
	SQL     string
}

// Questions are the built-in questions, in the order docs/tables.md shows
// them. Their SQL runs on DuckDB; docs/tables.md gives the Athena form
// where the two differ.
var Questions = []Question{
	{"outlets", "per outlet: documents, share labelled loaded, intensity, findings per 1,000 words, author share of the weight", outletsSQL},
	{"terms", "per outlet, its ten most used terms, with how much of its findings each is and how much of the other outlets'", termsSQL},
	{"actors", "per outlet, the actors its findings are aimed at", actorsSQL},
	{"over-time", "per date and outlet: documents, mean intensity, findings", overTimeSQL},
}

// Lookup returns the question named name, or nil.
func Lookup(name string) *Question {
	for i := range Questions {
		if Questions[i].Name == name {
			return &Questions[i]
		}
	}
	return nil
}

const outletsSQL = `SELECT
  outlet,
  min(outlet_name) AS outlet_name,
  count(*) AS documents,
  CAST(round(avg(CASE WHEN label = 'loaded' THEN 1.0 ELSE 0.0 END), 3) AS DOUBLE) AS loaded_share,
  CAST(round(avg(intensity), 3) AS DOUBLE) AS mean_intensity,
  CAST(round(median(intensity), 3) AS DOUBLE) AS median_intensity,
  CAST(round(sum(findings) * 1000.0 / nullif(sum(words), 0), 2) AS DOUBLE) AS findings_per_1000_words,
  CAST(round(sum(author_weight) / nullif(sum(author_weight + quoted_weight + coalesce(reported_weight, 0)), 0), 3) AS DOUBLE) AS author_share
FROM documents
GROUP BY outlet
ORDER BY outlet`

const termsSQL = `WITH uses AS (
  SELECT outlet, term, category, count(*) AS uses, count(DISTINCT doc_id) AS documents
  FROM findings
  GROUP BY outlet, term, category
), totals AS (
  SELECT outlet, sum(uses) AS outlet_total FROM uses GROUP BY outlet
), everywhere AS (
  SELECT term, category, sum(uses) AS term_total FROM uses GROUP BY term, category
), ranked AS (
  SELECT u.outlet, u.term, u.category, u.uses, u.documents,
    CAST(u.uses AS DOUBLE) / t.outlet_total AS share_here,
    CAST(e.term_total - u.uses AS DOUBLE) / nullif((SELECT sum(uses) FROM uses) - t.outlet_total, 0) AS share_elsewhere,
    row_number() OVER (PARTITION BY u.outlet ORDER BY u.uses DESC, u.term, u.category) AS rank
  FROM uses u
  JOIN totals t ON t.outlet = u.outlet
  JOIN everywhere e ON e.term = u.term AND e.category = u.category
)
SELECT outlet, rank, term, category, uses, documents,
  CAST(round(share_here, 3) AS DOUBLE) AS share_here,
  CAST(round(coalesce(share_elsewhere, 0), 3) AS DOUBLE) AS share_elsewhere
FROM ranked
WHERE rank <= 10
ORDER BY outlet, rank`

const actorsSQL = `SELECT
  outlet,
  actor,
  count(*) AS findings,
  count(DISTINCT doc_id) AS documents,
  CAST(round(sum(weight), 2) AS DOUBLE) AS weight,
  CAST(round(avg(CASE WHEN voice = 'author' THEN 1.0 ELSE 0.0 END), 3) AS DOUBLE) AS author_share
FROM findings
WHERE actor IS NOT NULL
GROUP BY outlet, actor
ORDER BY outlet, findings DESC, actor`

const overTimeSQL = `SELECT
  "date",
  outlet,
  count(*) AS documents,
  CAST(round(avg(intensity), 3) AS DOUBLE) AS mean_intensity,
  sum(findings) AS findings
FROM documents
WHERE "date" <> '__unknown__'
GROUP BY "date", outlet
ORDER BY "date", outlet`
