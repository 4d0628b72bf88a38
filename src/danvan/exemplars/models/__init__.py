from .evidence import EvidenceFile, EvidenceKind
from .exemplars import (
    Exemplar,
    ExemplarField,
    ExemplarKind,
    ExemplarState,
    RecognitionLevel,
    SubField,
)
from .lifecycle import Criterion, Evaluation, Recognition, Replication, Review, ReviewOutcome
from .results import ExemplarResult, Metric

__all__ = [
    "Criterion",
    "Evaluation",
    "EvidenceFile",
    "EvidenceKind",
    "Exemplar",
    "ExemplarField",
    "ExemplarKind",
    "ExemplarResult",
    "ExemplarState",
    "Metric",
    "Recognition",
    "RecognitionLevel",
    "Replication",
    "Review",
    "ReviewOutcome",
    "SubField",
]
