"""The version of the method that turns the raw data into role files.

A data release records the method it was built with (in its file's meta, so a
replayed release keeps its own). When the version changes, scores move
because the method changed, not the job: the release notes, each file's
History section and its chart say so.
"""

# Releases written before the method was versioned were built with "1".
FIRST_VERSION = "1"
VERSION = "2"
NOTE = "\n\n".join(
    [
        "Version 2 changes how the data-built files are made from the same sources.",
        "AI complementarity is now the percentile of the assist share among all "
        "occupations, so no single occupation sets the scale; where Microsoft's "
        "applicability is small the share is pulled toward the median, a measured zero "
        "share counts as zero, and the eight occupations Microsoft has no figure for "
        "get the median, which their files say. This is the only change to the score.",
        "Tasks: an occupation's own O*NET tasks are shown first, ranked by how far the "
        "two raters agree and then by observed AI use; tasks of a related O*NET "
        "occupation appear only where its own list has fewer than ten, named by "
        "specialty. Skills: core skills are those that stand above the average "
        "occupation, and no skill sits in more than a quarter of the lists; technology "
        "to build next leaves out what O*NET flags for most occupations. Safer roles "
        "are at least 10 points lower in risk, in a Job Zone within one, and matched on "
        "the rarer skills and work activities the two jobs share. The brief is written "
        "from each file's own figures, under the questions a reader asks.",
    ]
)


def of_meta(meta):
    """(version, note) of the method a release file was built with."""
    method = meta.get("method") or {}
    return method.get("version", FIRST_VERSION), method.get("note", "")
