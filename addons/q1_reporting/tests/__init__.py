from . import test_portal_rules
from . import test_handling_report
from . import test_ui
from . import test_i18n
from . import test_evaluation
