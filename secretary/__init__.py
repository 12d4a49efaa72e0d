"""The secretary's commands: build (make html / make publish), check and
newpost. Plain messages, never a traceback, never a damaged site."""
