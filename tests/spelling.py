"""The spelling check the tests share: the site's own (roles/dataset/spelling.py)."""

from roles.dataset.spelling import british_words

__all__ = ["british_words"]
