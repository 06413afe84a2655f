from . import q1_handling_report_wizard
from . import q1_action_efficacy_wizard
from . import q1_qms_report_wizard
