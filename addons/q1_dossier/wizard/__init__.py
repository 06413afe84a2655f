from . import q1_dossier_counter_outcome
from . import q1_dossier_action
from . import q1_dossier_correction
from . import q1_tracking_book
