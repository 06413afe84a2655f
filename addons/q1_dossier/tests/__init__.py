from . import test_counter_outcomes
from . import test_dossier_code
from . import test_due_dates
from . import test_reception
from . import test_reports
from . import test_security
from . import test_validation
from . import test_i18n
