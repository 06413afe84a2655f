from . import q1_handling_report_line
from . import q1_service_index_line
from . import q1_handling_report_wizard
from . import q1_handling_report_difference
from . import q1_handling_report_withdrawal
