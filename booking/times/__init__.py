"""Time in the agenda, from pure interval arithmetic up to what pages show.

intervals     free start times from rules, opening hours and busy stretches (pure)
free_times    the same, read from the database for a session type
visitor_week  the week of free times a visitor browses, with the links that book
coach_week    the coach's week for the admin's calendar
zones         the coach's zone and the zones visitors pick from
ics           iCalendar: the invitation per booking and the coach's feed
"""
