class YearConverter:
    """A four-digit year, so "26-q1" is not an edition path."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{value:04d}"


class QuarterConverter:
    """Quarters 1 to 4 only, so "2026-q5" never reaches a view."""

    regex = "[1-4]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
