"""The BLS O*NET-SOC to SOC (NEM) crosswalk, which joins O*NET to OEWS."""

from roles.dataset.raw import read_rows


def read_crosswalk(raw_dir):
    """O*NET-SOC code -> the BLS (NEM) SOC code. Never cut the code instead."""
    return {
        row["O*NET-SOC Code"]: row["NEM Code"]
        for _, row in read_rows(raw_dir, "crosswalk", ["O*NET-SOC Code", "NEM Code"])
    }
