"""Verifies the DKIM signature of the message on stdin with dkimpy (Debian's python3-dkim), a
second, independent implementation next to jDKIM. The public key record is given instead of a DNS
lookup: argv[1] is the TXT name (<selector>._domainkey.<domain>), argv[2] its content.
Exit 0 and "pass" when the signature verifies, exit 1 and "fail" when not."""
import sys

import dkim

name, record = sys.argv[1], sys.argv[2]


def txt(query, timeout=5):
    asked = query.decode() if isinstance(query, bytes) else query
    return record.encode() if asked.rstrip('.').lower() == name.lower() else None


message = sys.stdin.buffer.read()
ok = dkim.verify(message, dnsfunc=txt)
print("pass" if ok else "fail")
sys.exit(0 if ok else 1)
