from . import test_lookup_page
from . import test_lifecycle
from . import test_process_configuration
from . import test_kanban_moves
from . import test_cross_ward
from . import test_notifications
