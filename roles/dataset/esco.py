"""ESCO v1.2.1 occupations and the ESCO–O*NET crosswalk: European names of a job.

The crosswalk is many to many, so a role's ESCO occupations come ordered
most specific first: those reaching the fewest O*NET occupations.
"""

from collections import defaultdict

from roles.dataset.raw import FILES, DatasetError, read_rows

ACKNOWLEDGMENT = "This service uses the ESCO classification of the European Commission."


def read_esco_occupations(raw_dir):
    """ESCO code -> {"code", "label", "isco", "alt"}; a repeated URI keeps its latest row."""
    name = "esco_occupations"
    latest = {}
    columns = ["conceptUri", "iscoGroup", "preferredLabel", "altLabels", "modifiedDate"]
    for line, row in read_rows(raw_dir, name, [*columns, "code"]):
        if not row["code"].strip() or not row["preferredLabel"].strip():
            raise DatasetError(
                f"{FILES[name]}, line {line}: no code or preferred label."
            )
        uri = row["conceptUri"]
        if uri in latest and latest[uri]["modifiedDate"] >= row["modifiedDate"]:
            continue
        latest[uri] = row
    return {
        row["code"].strip(): {
            "code": row["code"].strip(),
            "label": row["preferredLabel"].strip(),
            "isco": row["iscoGroup"].strip(),
            "alt": sorted(
                {
                    label.strip()
                    for label in row["altLabels"].splitlines()
                    if label.strip()
                }
            ),
        }
        for row in latest.values()
    }


def read_esco_crosswalk(raw_dir):
    """O*NET-SOC code -> the ESCO codes mapped to it (ISCO group rows left out)."""
    name = "esco_crosswalk"
    columns = ["ESCO/ISCO Code", "O*NET-SOC 2019 Code"]
    onet_of = defaultdict(set)
    for line, row in read_rows(raw_dir, name, columns):
        code, onet = row["ESCO/ISCO Code"].strip(), row["O*NET-SOC 2019 Code"].strip()
        if not code or not onet:
            raise DatasetError(f"{FILES[name]}, line {line}: an empty code.")
        if "." in code:  # an ESCO occupation; four digits alone are an ISCO group
            onet_of[code].add(onet)
    return onet_of


def esco_by_soc(raw_dir, onet_codes_of):
    """SOC code -> its ESCO occupations, most specific first, for the roles given.

    `onet_codes_of` maps each role's SOC code to its O*NET codes. Specific means
    reaching few of these roles; ties go by ESCO code.
    """
    occupations = read_esco_occupations(raw_dir)
    onet_of = read_esco_crosswalk(raw_dir)
    soc_of_onet = {onet: soc for soc, codes in onet_codes_of.items() for onet in codes}
    reach = {
        code: {soc_of_onet[onet] for onet in onets if onet in soc_of_onet}
        for code, onets in onet_of.items()
        if code in occupations
    }
    found = defaultdict(list)
    for code, socs in reach.items():
        for soc in socs:
            found[soc].append(code)
    return {
        soc: [
            occupations[code]
            for code in sorted(codes, key=lambda code: (len(reach[code]), code))
        ]
        for soc, codes in found.items()
    }
