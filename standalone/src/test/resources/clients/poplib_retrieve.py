"""Python's poplib against standalone's POP3 port, plain on loopback: login, STAT, UIDL, RETR of every
message, and DELE of each unless --keep, then QUIT. Prints one JSON object for the Java test."""
import hashlib
import json
import poplib
import sys

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
keep = "--keep" in sys.argv

pop = poplib.POP3(host, port, timeout=30)
pop.user(user)
pop.pass_(password)
count, size = pop.stat()
uidls = [line.decode().split(" ", 1)[1] for line in pop.uidl()[1]]
octets, digests, subjects = 0, [], []
for number in range(1, count + 1):
    _, lines, announced = pop.retr(number)
    message = b"\r\n".join(lines) + b"\r\n"
    octets += len(message)
    digests.append(hashlib.sha256(message).hexdigest())
    subjects += [line.decode()[len("Subject: "):] for line in lines if line.startswith(b"Subject: ")]
    if not keep:
        pop.dele(number)
bye = pop.quit().decode()
print(json.dumps({"count": count, "size": size, "octets": octets, "uidls": uidls, "digests": digests,
                  "subjects": subjects, "bye": bye}))
