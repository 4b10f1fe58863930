"""Smoke test of imap-service with Python's imaplib (run by hand against standalone, see docs/imap.md):
STARTTLS, LIST, APPEND, SELECT, SEARCH, FETCH, STORE, CREATE, IDLE on a second connection woken by an
APPEND on the first, THREAD, UID MOVE with COPYUID, STATUS.

    python3 imaplib_smoke.py HOST PORT USER PASSWORD
"""
import imaplib, ssl, sys, time, socket
host, port, user, pw = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
def conn():
    m = imaplib.IMAP4(host, port); m.starttls(ssl_context=ctx); m.login(user, pw); return m
a = conn(); b = conn()
print("caps", a.capabilities)
print("list", a.list())
print("append", a.append("INBOX", r"(\Flagged)", None, b"From: x@example.com\r\nSubject: imaplib\r\n\r\nhello from imaplib\r\n"))
print("select", a.select("INBOX"))
typ, data = a.search(None, "ALL"); print("search", typ, data)
n = data[0].split()[-1]
print("fetch", a.fetch(n, "(FLAGS BODY[])"))
print("store", a.store(n, "+FLAGS", r"(\Seen)"))
print("create", a.create("Archive/imaplib"))
# IDLE on b (raw, imaplib 3.11 has no idle())
print("b select", b.select("INBOX"))
tag = b._new_tag().decode()
b.send(f"{tag} IDLE\r\n".encode())
print("b idle", b.readline())
t0 = time.time()
print("append2", a.append("INBOX", None, None, b"Subject: wake\r\n\r\nwake up\r\n"))
line = b.readline(); print("b got", line, "after %.3fs" % (time.time() - t0))
b.send(b"DONE\r\n")
while True:
    l = b.readline(); print("b", l)
    if l.startswith(tag.encode()): break
print("thread", a.thread("REFERENCES", "UTF-8", "ALL"))
print("move", a.uid("MOVE", "1", "Archive/imaplib"), a.response("COPYUID"))
print("status", a.status("Archive/imaplib", "(MESSAGES)"))
a.logout(); b.logout()
print("OK")
