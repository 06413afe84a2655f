from . import q1_dossier_form_values
from . import report_q1_receipt
from . import report_q1_completion_request
from . import report_q1_refusal
from . import report_q1_supplement_request
from . import report_q1_apology
from . import report_q1_stop_notice
from . import report_q1_control_slip
