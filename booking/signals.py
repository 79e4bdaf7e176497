"""What booking tells the rest of the site. The top layer (coachsite.wiring) decides
who listens; booking itself knows no listener."""

from django.dispatch import Signal

# A session was booked or moved to another time: `booking`. Sent inside the
# booking's transaction; listeners defer their work to its commit.
session_scheduled = Signal()

# The coach marked sessions as completed: `booking_ids`.
sessions_completed = Signal()
