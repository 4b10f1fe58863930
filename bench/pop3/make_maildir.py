"""Writes n messages of about `size` bytes into a Maildir for Dovecot, the same messages
TestPop3ServiceApplication appends to pop3-service."""
import os
import sys

maildir, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for sub in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(maildir, sub), exist_ok=True)
for i in range(1, n + 1):
    m = (f"From: someone@example.org\r\nTo: demo@example.org\r\nSubject: demo {i}\r\n"
         f"Message-ID: <demo-{i}@example.org>\r\n\r\nHello {i}\r\n")
    while len(m) + 78 <= size:
        m += "x" * 76 + "\r\n"
    # Maildir files use LF line ends; Dovecot adds the CR on the wire
    with open(os.path.join(maildir, "cur", f"{1700000000 + i}.M{i}P1.bench:2,"), "w") as f:
        f.write(m.replace("\r\n", "\n"))
