"""Signs the message on stdin with dkimpy (Debian's python3-dkim), a DKIM implementation
independent of jDKIM, and prints the DKIM-Signature field (with its CRLF) to put in front of it.
argv: selector, domain, PEM file of the RSA private key, canonicalization (e.g. relaxed/simple),
and the header fields to sign, separated by colons."""
import sys

import dkim

selector, domain, key_file, canon, signed = sys.argv[1:6]
header_canon, body_canon = canon.encode().split(b"/")
with open(key_file, "rb") as f:
    key = f.read()
message = sys.stdin.buffer.read()
field = dkim.sign(message, selector.encode(), domain.encode(), key,
                  canonicalize=(header_canon, body_canon),
                  include_headers=[h.encode() for h in signed.split(":")],
                  linesep=b"\r\n")
sys.stdout.buffer.write(field)
