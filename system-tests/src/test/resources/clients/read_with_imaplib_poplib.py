"""Reads one message by Message-ID with Python's imaplib and poplib (standard library clients).

usage: read_with_imaplib_poplib.py IMAP_PORT POP3_PORT USER PASSWORD MESSAGE_ID
Prints 'imaplib ok' and 'poplib ok' when each client found the message; exits 1 otherwise.
"""
import imaplib
import poplib
import sys

imap_port, pop3_port, user, password, message_id = sys.argv[1:6]
found = 0

imap = imaplib.IMAP4("127.0.0.1", int(imap_port), timeout=30)
imap.login(user, password)
imap.select("INBOX", readonly=True)
status, data = imap.uid("SEARCH", None, "HEADER", "Message-ID", message_id)
uids = data[0].split()
if status == "OK" and len(uids) == 1:
    status, parts = imap.uid("FETCH", uids[0], "(BODY.PEEK[])")
    if status == "OK" and message_id.encode() in parts[0][1]:
        print("imaplib ok")
        found += 1
imap.logout()

pop = poplib.POP3("127.0.0.1", int(pop3_port), timeout=30)
pop.user(user)
pop.pass_(password)
count, _ = pop.stat()
for number in range(1, count + 1):
    _, lines, _ = pop.retr(number)
    if any(message_id.encode() in line for line in lines):
        print("poplib ok")
        found += 1
        break
pop.quit()

sys.exit(0 if found == 2 else 1)
