"""Message classifier: sales_pitch, recruiting, request, social or automated.

A logistic regression over words, word stems, multilingual cue patterns and structural
cues (thread position, sender kind, folder, sponsored mail, connection age), trained on the
hand-written seed corpus and optionally on the owner's own labels. See model.py for the
design, tools/tuning.py and tools/realdev.py (outside the package) for how it was measured
(on real openers, leave one export out) and prevalence.py for category shares corrected for its error.
"""

from ..export.labels import CATEGORIES, read_labels
from .api import classify_messages, default_model
from .evaluate import evaluate_on_labels, evaluate_seed_heldout
from .features import message_features
from .labels import labelling_sample
from .model import MessageClassifier

__all__ = [
    "CATEGORIES",
    "MessageClassifier",
    "classify_messages",
    "default_model",
    "evaluate_on_labels",
    "evaluate_seed_heldout",
    "labelling_sample",
    "message_features",
    "read_labels",
]
