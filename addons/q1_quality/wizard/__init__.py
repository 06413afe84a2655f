from . import q1_handling_report_wizard
