"""On PostgreSQL the database itself refuses two confirmed bookings whose time
(with the free time around it) overlaps. SQLite has no such constraint: there the
booking service re-checks inside an IMMEDIATE transaction, which holds the write
lock. Not in Meta.constraints, which SQLite could not create or validate.

A range on its own needs no btree_gist: that extension is only for mixing plain
columns into the constraint (one agenda per coach, say), which one coach does not need.
"""

from django.db import migrations

ADD = """
ALTER TABLE booking_booking ADD CONSTRAINT booking_booking_no_overlap
EXCLUDE USING gist (tstzrange(blocked_from, blocked_until, '[)') WITH &&)
WHERE (status = 'confirmed')
"""
DROP = "ALTER TABLE booking_booking DROP CONSTRAINT IF EXISTS booking_booking_no_overlap"


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("booking", "0001_initial")]

    operations = [migrations.RunPython(on_postgresql(ADD), on_postgresql(DROP))]
