"""A sourced knowledge graph of AWS services, with a rule engine that ranks and justifies.

>>> import kg
>>> g = kg.load()
>>> g.service("Simple Queue Service").id
'sqs'
"""

from .errors import (
    DataFileError,
    ExportError,
    GraphValidationError,
    KGError,
    RequirementError,
    RuleFileError,
    SparqlError,
    UnknownServiceError,
)
from .graph import KnowledgeGraph, load
from .models import (
    CapabilityFact,
    Concept,
    Lifecycle,
    Limit,
    Pattern,
    Relation,
    Service,
    Source,
    Stats,
    UseCase,
)
from .requirement import NumericConstraint, Requirement
from .results import (
    Evidence,
    Excluded,
    Explanation,
    OptionScore,
    PatternMatch,
    Ranked,
    Recommendation,
    Relaxation,
)

__all__ = [
    "load",
    "KnowledgeGraph",
    "KGError",
    "DataFileError",
    "GraphValidationError",
    "UnknownServiceError",
    "SparqlError",
    "RequirementError",
    "RuleFileError",
    "ExportError",
    "Service",
    "Limit",
    "Relation",
    "CapabilityFact",
    "UseCase",
    "Pattern",
    "Concept",
    "Lifecycle",
    "Source",
    "Stats",
    "Requirement",
    "NumericConstraint",
    "Recommendation",
    "Ranked",
    "Excluded",
    "Evidence",
    "Relaxation",
    "PatternMatch",
    "Explanation",
    "OptionScore",
]
