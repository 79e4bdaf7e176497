# gunicorn reads this file from the folder it starts in: the project's, in
# deploy/systemd/coachsite-web.service, the Procfile and bench/prodsite.py alike.
logger_class = "coachsite.access_log.RedactingLogger"
