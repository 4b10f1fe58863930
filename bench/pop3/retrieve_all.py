"""Retrieve-all benchmark client: logs in, RETRs every message of the maildrop, QUITs without
deleting. Prints messages/s and MB/s. Same client for every server, so the comparison is fair."""
import poplib
import sys
import time

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 3

best = None
for _ in range(rounds):
    pop = poplib.POP3(host, port, timeout=60)
    pop.user(user)
    pop.pass_(password)
    count, _ = pop.stat()
    start = time.perf_counter()
    octets = 0
    for n in range(1, count + 1):
        octets += pop.retr(n)[2]
    elapsed = time.perf_counter() - start
    pop.rset()
    pop.quit()
    rate = count / elapsed
    best = rate if best is None or rate > best else best
    print(f"{count} messages, {octets} octets in {elapsed:.3f}s: {rate:.0f} msg/s, {octets / elapsed / 1e6:.1f} MB/s")
print(f"best: {best:.0f} msg/s")
