from .content import (
    Audience,
    Kind,
    Topic,
    TutorialIndexPage,
    TutorialPage,
    TutorialPageQuerySet,
    TutorialPageTag,
    audiences_for,
)
from .paths import Enrolment, PathIndexPage, PathStep, StepKind, StepProgress, StepStatus, TrainingPathPage

__all__ = ["Audience", "Kind", "Topic", "TutorialIndexPage", "TutorialPage", "TutorialPageQuerySet",
           "TutorialPageTag", "audiences_for"]
__all__ += ["Enrolment", "PathIndexPage", "PathStep", "StepKind", "StepProgress", "StepStatus", "TrainingPathPage"]
