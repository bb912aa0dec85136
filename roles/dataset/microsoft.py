"""Tomlinson et al. (2025), Working with AI: AI applicability by SOC code."""

from roles.dataset.raw import number, read_rows


def read_applicability(raw_dir):
    columns = ["SOC Code", "ai_applicability_score_user", "ai_applicability_score_ai"]
    return {
        row["SOC Code"]: (
            number(row[columns[1]], "applicability", line),
            number(row[columns[2]], "applicability", line),
        )
        for line, row in read_rows(raw_dir, "applicability", columns)
    }
