"""Build the data-built role files from the bundled research data.

`build.build(raw_dir)` reads the raw files described in
../shared/data/SOURCES.md and returns one plain record per SOC occupation:
figures, factors, tasks, skills and titles, ready to write into the shipped
derived file and to load into the database. No ORM here, so it is tested on
small samples of the raw files. Every choice is explained in
docs/methodology.md.

- `raw`: where each raw file is, reading its rows, and `DatasetError`.
- One reader per source, which also reshapes that source's data: `oews`
  (the SOC occupations, workers and wages), `crosswalk` (O*NET code to SOC
  code), `onet` (descriptions, titles, tasks, skills, job zones, related
  occupations, work activities), `eloundou` (exposure labels and figures,
  the task split) and `microsoft` (AI applicability).
- `build`: joins them into the records and the meta of the derived file.
- `derived`: writes the shipped derived file and reads it back.
- `prose`: the headline and brief of a data-built file.
"""
