"""The shape of feedback every exercise gives: plain data, rendered by the widgets and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Verdict = Literal["good", "partly", "missing", "wrong", "warning", "info", "check"]

VERDICTS = ("good", "partly", "missing", "wrong", "warning", "info", "check")


def verdict_label(verdict: str, language: str | None = None) -> str:
    """The word shown beside each verdict, so that meaning never rests on colour alone
    (WCAG 1.4.1). The words are data (data/ui/common.yaml, verdict_<name>)."""
    from .ui_text import ui_text

    return ui_text("common", language)(f"verdict_{verdict}")


@dataclass(frozen=True)
class FeedbackItem:
    """One remark: what the learner did, why it matters, and where the idea comes from."""

    verdict: Verdict
    message: str            # what about the learner's answer (specific to their choice)
    reason: str = ""        # why, in the lecture's concepts and the case's details
    reference: str = ""     # where to read more: a chapter, a slide or a source
    label: str = ""         # a word to show instead of the verdict's usual one, where that
                            # one would not fit (e.g. no "Well spotted" on a self-report)

    def shown_label(self, language: str) -> str:
        """The word shown beside the message: the item's own label (already in the language
        of the exercise that made it), or its verdict's word in ``language``."""
        return self.label or verdict_label(self.verdict, language)


@dataclass(frozen=True)
class StepFeedback:
    """The feedback on one step of an exercise."""

    step: str                         # the step's identifier, e.g. 'innovation_type'
    title: str                        # the step's name as shown to the learner
    score: float | None               # 0..1 where the step is scored; None where it is not
    headline: str                     # one sentence summing the step up
    items: tuple[FeedbackItem, ...] = field(default_factory=tuple)
    problems: tuple[str, ...] = ()    # input problems (empty answer, too long) to fix first

    @property
    def percent(self) -> int | None:
        return None if self.score is None else round(self.score * 100)
