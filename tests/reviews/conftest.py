# Reviews are about booked sessions: the same agenda and delayed tasks as booking's.
from tests.booking.conftest import database_queue, session_type  # noqa: F401
