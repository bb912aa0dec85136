"""What changed between two editions of a role file, computed, never typed.

Plain functions over editions whose tasks and skills are already loaded, so
the role page keeps its fixed number of queries.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from roles import evidence, scoring
from roles.models import Task

# Evidence beside the score that an edition may carry for the first time.
NEW_EVIDENCE = [
    ("has_outlook", "The BLS employment outlook, 2024–34"),
    ("has_observed_evidence", "Observed AI use (Anthropic Economic Index)"),
]


# More task and skill changes than this are listed behind a "show" toggle.
FOLDED_CHANGES = 6


@dataclass
class FactorChange:
    factor: scoring.Factor
    before: object
    after: object

    @property
    def delta(self):
        return self.after - self.before


@dataclass
class EditionChanges:
    previous: object
    current: object
    factors: list = field(default_factory=list)
    tasks_added: list = field(default_factory=list)
    tasks_removed: list = field(default_factory=list)
    tasks_moved: list = field(default_factory=list)
    tasks_reworded: list = field(default_factory=list)
    skills_added: list = field(default_factory=list)
    skills_removed: list = field(default_factory=list)
    evidence_added: list = field(default_factory=list)
    # (before, after) as the page prints them, where both editions have a figure.
    outlook_change: tuple = None
    observed_change: tuple = None

    @property
    def risk_delta(self):
        return self.current.risk_score - self.previous.risk_score

    @property
    def band_changed(self):
        return self.current.band != self.previous.band

    @property
    def workers_delta(self):
        return delta(self.previous.us_workers, self.current.us_workers)

    @property
    def workers_percent(self):
        return scoring.percent_change(self.current.us_workers, self.previous.us_workers)

    @property
    def salary_delta(self):
        return delta(self.previous.mean_salary, self.current.mean_salary)

    @property
    def content_changes(self):
        """How many tasks and skills were added, removed, moved or reworded."""
        return sum(
            len(items)
            for items in (
                self.tasks_added,
                self.tasks_removed,
                self.tasks_moved,
                self.tasks_reworded,
                self.skills_added,
                self.skills_removed,
            )
        )

    @property
    def has_content_changes(self):
        return bool(self.content_changes)

    @property
    def folds_content_changes(self):
        # A long list (a method change rewrites many) folds away on a phone.
        return self.content_changes > FOLDED_CHANGES


def delta(before, after):
    if before is None or after is None:
        return None
    return after - before


def compare(
    previous, current, previous_tasks, previous_skills, current_tasks, current_skills
):
    """The changes from `previous` to `current`, both with their tasks and skills."""
    changes = EditionChanges(previous=previous, current=current)
    for factor in scoring.FACTORS:
        before, after = getattr(previous, factor.field), getattr(current, factor.field)
        if before is not None and after is not None and before != after:
            changes.factors.append(FactorChange(factor, before, after))

    compare_tasks(changes, previous_tasks, current_tasks)
    compare_evidence(changes, previous, current)

    skills_before = {item.skill_id: item for item in previous_skills}
    skills_after = {item.skill_id: item for item in current_skills}
    changes.skills_added = [
        item for key, item in skills_after.items() if key not in skills_before
    ]
    changes.skills_removed = [
        item for key, item in skills_before.items() if key not in skills_after
    ]
    for key, item in skills_after.items():
        old = skills_before.get(key)
        if old is not None and old.kind != item.kind:
            changes.skills_added.append(item)  # now in another group
            changes.skills_removed.append(old)
    return changes


def compare_evidence(changes, previous, current):
    """New evidence beside the score, and new readings of the evidence both have."""
    changes.evidence_added = [
        label
        for flag, label in NEW_EVIDENCE
        if getattr(current, flag) and not getattr(previous, flag)
    ]
    if previous.has_outlook and current.has_outlook:
        before = (previous.outlook_period, previous.employment_change_pct)
        after = (current.outlook_period, current.employment_change_pct)
        if before != after:
            changes.outlook_change = tuple(
                f"{evidence.signed_percent(pct)} ({period})"
                for period, pct in (before, after)
            )
    if previous.has_observed_evidence and current.has_observed_evidence:
        before, after = previous.observed_exposure, current.observed_exposure
        if before != after:
            changes.observed_change = (observed_text(before), observed_text(after))


def observed_text(value):
    """An observed exposure in its state: a percent, "not seen" or "no data"."""
    state = evidence.observed_state(value)
    if state == evidence.Observed.MEASURED:
        return evidence.as_percent(value)
    return "not seen" if state == evidence.Observed.NOT_SEEN else "no data"


# Two texts this alike are one task reworded, not one removed and one added.
REWORDED_AT = 0.6


def key(task):
    return task.text.strip().casefold()


def compare_tasks(changes, previous_tasks, current_tasks):
    """Tasks added, removed, moved between columns and reworded.

    A task keeps its identity through its O*NET task ID where it has one,
    else through its text; an unmatched pair of close texts is a rewording.
    """
    before = {key(task): task for task in previous_tasks}
    before_ids = {t.onet_task_id: t for t in previous_tasks if t.onet_task_id}
    matched = set()
    added = []
    for task in current_tasks:
        old = before.get(key(task))
        if old is None and task.onet_task_id in before_ids:
            old = before_ids[task.onet_task_id]
            changes.tasks_reworded.append((old, task))
        if old is None:
            added.append(task)
            continue
        matched.add(id(old))
        if old.kind != task.kind:
            changes.tasks_moved.append(
                (task, Task.Kind(old.kind).label, Task.Kind(task.kind).label)
            )
    removed = [task for task in previous_tasks if id(task) not in matched]
    for task in list(added):
        closest = max(removed, key=lambda old: similarity(old, task), default=None)
        if closest is not None and similarity(closest, task) >= REWORDED_AT:
            changes.tasks_reworded.append((closest, task))
            removed.remove(closest)
            added.remove(task)
    changes.tasks_added = added
    changes.tasks_removed = removed


def similarity(old, new):
    return SequenceMatcher(None, key(old), key(new)).ratio()
