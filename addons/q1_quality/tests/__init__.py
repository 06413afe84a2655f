from . import test_permission_matrix
from . import test_nonconformities
from . import test_audits
from . import test_oca_vietnamese
from . import test_objectives
from . import test_feedback
from . import test_feedback_lookup
from . import test_qms_report
