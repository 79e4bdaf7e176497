"""What booking tells the rest of the site. The top layer (coachsite.wiring) decides
who listens; booking itself knows no listener."""

from django.dispatch import Signal

# A session was booked or moved to another time: `booking`. Sent inside the
# booking's transaction; listeners defer their work to its commit.
session_scheduled = Signal()

# The coach marked sessions as completed: `booking_ids`.
sessions_completed = Signal()

# A booking paid (partly) in advance ended without its session: cancelled,
# withdrawn from, or never confirmed. `booking`, and `share`: the part of its
# price given back (a Decimal from 0 to 1). Sent inside the booking's transaction.
booking_ended = Signal()
