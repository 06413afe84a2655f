from . import q1_feedback_lookup
