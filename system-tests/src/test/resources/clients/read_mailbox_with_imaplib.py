"""Reads one mailbox with Python's imaplib (standard library client), as a user's mail program would.

usage: read_mailbox_with_imaplib.py IMAP_PORT USER PASSWORD MAILBOX MESSAGE_ID [FIELD]
Prints the mailbox's message count on the first line ('count N'), then the message with MESSAGE_ID
exactly as the server sends it (BODY.PEEK[], CRLF line ends kept). Exits 0 when the message is
there, 2 when it is not (yet), 1 on any other error. With FIELD, the message is the one whose FIELD
contains MESSAGE_ID (IMAP SEARCH HEADER), e.g. Auto-Submitted auto-replied for a reply whose
Message-ID the reader cannot know; exit 2 also when several match.
"""
import imaplib
import sys

imap_port, user, password, mailbox, message_id = sys.argv[1:6]
field = sys.argv[6] if len(sys.argv) > 6 else "Message-ID"

imap = imaplib.IMAP4("127.0.0.1", int(imap_port), timeout=30)
imap.login(user, password)
status, data = imap.select('"' + mailbox + '"', readonly=True)
if status != "OK":
    sys.exit(1)
sys.stdout.write("count " + data[0].decode() + "\r\n")
status, data = imap.uid("SEARCH", None, "HEADER", field, message_id)
uids = data[0].split()
found = False
if status == "OK" and len(uids) == 1:
    status, parts = imap.uid("FETCH", uids[0], "(BODY.PEEK[])")
    if status == "OK":
        sys.stdout.flush()
        sys.stdout.buffer.write(parts[0][1])
        found = True
imap.logout()
sys.exit(0 if found else 2)
