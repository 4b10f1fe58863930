"""Drives pop3-service with Python's poplib: STLS, login, STAT/LIST/UIDL/TOP, RETR of everything,
DELE of the first message (unless --keep), QUIT. Prints one JSON object for the Java test."""
import hashlib
import json
import poplib
import ssl
import sys

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
keep = "--keep" in sys.argv

context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE

pop = poplib.POP3(host, port, timeout=20)
capabilities = pop.capa()
pop.stls(context)
pop.user(user)
pop.pass_(password)
count, size = pop.stat()
listing = pop.list()[1]
uidls = [line.decode().split(" ", 1)[1] for line in pop.uidl()[1]]
top = pop.top(1, 0)[1]
digests = []
for number in range(1, count + 1):
    lines = pop.retr(number)[1]
    digests.append(hashlib.sha256(b"\r\n".join(lines) + b"\r\n").hexdigest())
if not keep and count:
    pop.dele(1)
bye = pop.quit().decode()
print(json.dumps({"capabilities": sorted(capabilities.keys()), "count": count, "size": size,
                  "listing": len(listing), "uidls": uidls, "topLines": len(top), "digests": digests,
                  "bye": bye}))
