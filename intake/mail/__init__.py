"""Outgoing notifications: `compose` builds the e-mails (pure), `send` delivers them once."""
