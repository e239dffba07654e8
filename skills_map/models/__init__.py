from .people import Evidence, PersonSkill, PersonSkillQuerySet, SkillProfile, Visibility
from .taxonomy import LEVEL_DESCRIPTORS, MASTERY_LEVEL, Level, PathSkill, Skill, SkillDomain, SkillTutorial

__all__ = [
    "LEVEL_DESCRIPTORS",
    "MASTERY_LEVEL",
    "Evidence",
    "Level",
    "PathSkill",
    "PersonSkill",
    "PersonSkillQuerySet",
    "Skill",
    "SkillDomain",
    "SkillProfile",
    "SkillTutorial",
    "Visibility",
]
