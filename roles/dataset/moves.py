"""Safer moves: roles a worker could move to, computed over all records.

A move is a real move when the target is clearly safer, asks for similar
preparation and uses much of the same above-average skill and specialized
work:

- lower risk by the rule: at least MIN_RISK_GAP points below (`is_safer`,
  also applied on the page against the editions shown, so an editorial file
  with its own score is held to the same rule);
- a Job Zone (O*NET's 1–5 level of education, experience and training)
  within JOB_ZONE_STEP of the job's;
- overlap: the geometric mean of two rarity-weighted similarities, so that
  skills every job rates (Active Listening, Speaking, Writing) and work every
  job does cannot decide it:
  - skills: a weighted Jaccard index of how far each O*NET skill's
    importance stands above its mean over all occupations (only the part
    above the mean counts);
  - work: a weighted Jaccard index of the O*NET detailed work activities of
    the two jobs' tasks, each weighted by its inverse document frequency,
    log(jobs / jobs doing it).
  Where O*NET rates no skills for the job, the work similarity alone is the
  overlap; a job with ratings is compared only with jobs that have them.
- and at least MIN_SHARED_WORK of that weighted work in common, and an
  overlap of at least MIN_OVERLAP (0–100): fewer moves, or none, rather than
  noise.

The pay of a move is compared on the page, and only on the same BLS measure
for both roles (roles/next_moves.py).
"""

import math
from collections import Counter

from roles import scoring
from roles.dataset.onet import (
    LEAST_SKILL_EXCESS,
    LEAST_SKILL_IMPORTANCE,
    MOVE,
    MOVE_SKILLS,
    one_decimal,
)

# "Clearly lower risk": the one rule of a safer role, here and on the page.
MIN_RISK_GAP = 10
JOB_ZONE_STEP = 1
MOVES = 10  # candidates kept per role, best first
MIN_SHARED_WORK = 0.08  # weighted work activities in common (0–1)
MIN_OVERLAP = 12  # 0–100
# A skill a move needs more: rated at least this much higher there.
MOVE_SKILL_GAP = 0.5
BEST_MOVES = 3  # the moves whose skills are suggested
SHARED_SKILLS_NAMED = 2


def is_safer(risk, other_risk):
    """Whether a role with `other_risk` is a safer move from one with `risk`."""
    if risk is None or other_risk is None:
        return False
    return other_risk <= risk - MIN_RISK_GAP


def record_risk(record):
    return scoring.risk_score(*(record[factor.field] for factor in scoring.FACTORS))


def weighted_jaccard(mine, theirs, names):
    both = sum(min(mine.get(name, 0.0), theirs.get(name, 0.0)) for name in names)
    either = sum(max(mine.get(name, 0.0), theirs.get(name, 0.0)) for name in names)
    return both / either if either else 0.0


def work_similarity(mine, theirs, weight):
    either = sum(weight[item] for item in mine | theirs)
    return sum(weight[item] for item in mine & theirs) / either if either else 0.0


def zone_phrase(zone, other):
    if other == zone:
        return f"Job Zone {other} like yours"
    side = "above" if other > zone else "below"
    return f"Job Zone {other}, one step {side} yours"


def names_phrase(names):
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def move_reason(shared_skills, shared_work, zone, other_zone):
    work = f"{shared_work} work activit{'y' if shared_work == 1 else 'ies'} in common"
    parts = [work, zone_phrase(zone, other_zone)]
    if shared_skills:
        parts[0] = (
            f"Both need {names_phrase(shared_skills)} more than the average job; {work}"
        )
    return "; ".join(parts)


class Jobs:
    """What the moves compare, per SOC code: risk, Job Zone, skill excess
    over the mean, work activities."""

    def __init__(self, records, profiles, means, activities):
        self.records = {record["soc"]: record for record in records}
        self.risk = {soc: record_risk(record) for soc, record in self.records.items()}
        self.profiles = profiles
        self.means = means
        self.names = sorted(means)
        self.excess = {
            soc: {
                name: float(value - means[name])
                for name, value in profile.items()
                if value > means[name]
            }
            for soc, profile in profiles.items()
            if profile
        }
        self.activities = activities
        counts = Counter(item for items in activities.values() for item in items)
        jobs = len(activities)
        self.weight = {item: math.log(jobs / count) for item, count in counts.items()}

    def candidates(self, soc):
        """(overlap 0–100, target) of every move that passes the rules."""
        record = self.records[soc]
        zone, risk = record["job_zone"], self.risk[soc]
        rated = soc in self.excess
        found = []
        for other, target in self.records.items():
            other_zone = target["job_zone"]
            if (
                other == soc
                or not is_safer(risk, self.risk[other])
                or zone is None
                or other_zone is None
                or abs(zone - other_zone) > JOB_ZONE_STEP
                or (rated and other not in self.excess)
            ):
                continue
            work = work_similarity(
                self.activities[soc], self.activities[other], self.weight
            )
            if work < MIN_SHARED_WORK:
                continue
            if rated:
                skills = weighted_jaccard(
                    self.excess[soc], self.excess[other], self.names
                )
                overlap = math.sqrt(skills * work)
            else:
                overlap = work
            overlap = round(100 * overlap)
            if overlap >= MIN_OVERLAP:
                found.append((overlap, other))
        found.sort(key=lambda item: (-item[0], self.risk[item[1]], item[1]))
        return found[:MOVES]

    def reason(self, soc, other):
        mine, theirs = self.excess.get(soc, {}), self.excess.get(other, {})
        shared = sorted(
            (name for name in mine if name in theirs),
            key=lambda name: (-min(mine[name], theirs[name]), name),
        )[:SHARED_SKILLS_NAMED]
        return move_reason(
            shared,
            len(self.activities[soc] & self.activities[other]),
            self.records[soc]["job_zone"],
            self.records[other]["job_zone"],
        )

    def moves(self, soc):
        return [
            {"soc": other, "overlap": overlap, "reason": self.reason(soc, other)}
            for overlap, other in self.candidates(soc)
        ]

    def move_skills(self, soc, moves, taken):
        """The skills the best moves need more than this job: rated important
        there and clearly above the mean, and MOVE_SKILL_GAP higher than here."""
        mine = self.profiles.get(soc) or {}
        if not mine:
            return []
        items = []
        for move in moves[:BEST_MOVES]:
            theirs = self.profiles.get(move["soc"]) or {}
            gaps = sorted(
                (
                    (float(theirs[name] - mine[name]), name)
                    for name in theirs
                    if name in mine
                    and name not in taken
                    and theirs[name] >= LEAST_SKILL_IMPORTANCE
                    and theirs[name] - self.means[name] >= LEAST_SKILL_EXCESS
                    and theirs[name] - mine[name] >= MOVE_SKILL_GAP
                ),
                key=lambda item: (-item[0], item[1]),
            )
            if gaps:
                name = gaps[0][1]
                taken.add(name)
                title = self.records[move["soc"]]["title"]
                items.append(
                    {
                        "name": name,
                        "reason": f"Needed more by {title}, a safer move: importance "
                        f"{one_decimal(theirs[name])} of 5 there, "
                        f"{one_decimal(mine[name])} here"[:300],
                        "source": MOVE,
                    }
                )
        return items[:MOVE_SKILLS]


def add_moves(records, profiles, data):
    """Every record's safer moves ("moves") and the skills its best moves
    need more ("skills"/"emerging", source "move")."""
    activities = {
        record["soc"]: data.job_activities(record["soc"], record["onet_codes"])
        for record in records
    }
    jobs = Jobs(records, profiles, data.means, activities)
    for record in records:
        record["moves"] = jobs.moves(record["soc"])
        skills = record["skills"]
        taken = {item["name"] for kind in ("core", "emerging") for item in skills[kind]}
        skills["emerging"] += jobs.move_skills(record["soc"], record["moves"], taken)
