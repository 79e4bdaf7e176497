"""What the blog tells the rest of the site. The top layer (coachsite.wiring)
decides who listens; the blog itself knows no listener."""

from django.dispatch import Signal

# A post was published or given a new publication moment: `post`. Sent inside
# the transaction that saved it; listeners defer their work to its commit.
post_published = Signal()
