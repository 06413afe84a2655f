from . import mgmtsystem_nonconformity
from . import q1_dossier
from . import mgmtsystem_action
from . import q1_dossier_watchdog_actions
from . import q1_evaluation_evidence
from . import q1_evaluation_period
