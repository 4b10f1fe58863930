package org.mailplatform.mailauth.dkim;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.PublicKeyRecord;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.canon.CompoundOutputStream;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.apache.james.jdkim.impl.BodyHasherImpl;
import org.mailplatform.mailauth.HeaderFields;
import org.mailplatform.mailauth.dns.TxtLookup;

/**
 * Verifies a received message's DKIM signatures (RFC 6376 6.1) while its body streams past, with
 * Apache jDKIM's parsing, canonicalisation and key checks: {@link #start} reads the signatures of
 * the header, the body goes through {@link Verification#body()} as it arrives (every signature's
 * body hash at once, nothing kept), and {@link Verification#finish()} looks up the keys and checks
 * each signature on its own, so Authentication-Results can report every one (jDKIM's verifier
 * merges the failures of all signatures into one).
 *
 * <p>Beyond RFC 6376, RFC 8301 applies: a signature with rsa-sha1 or an RSA key under 1024 bits
 * verifies but is reported as {@code policy}, not {@code pass}, so DMARC never counts it. And
 * RFC 8463's {@code ed25519-sha256} is verified (with a {@code k=ed25519} key), which jDKIM alone
 * does not know: {@link KeyRecord} reads its raw key, {@link HeaderSignature} its signature. A
 * signature past its {@code x=} expiry is reported {@code fail} ("signature expired", RFC 6376
 * 6.1.1's PERMFAIL) without its key being asked for, on this verifier's clock; jDKIM's own
 * validation would call it unreadable ({@code neutral}).
 */
public final class DkimVerifier {

    private static final Pattern B_TAG = Pattern.compile("(?:^|;)\\s*b\\s*=\\s*([^;]*)");
    /** {@code x=}: seconds since the epoch, at most 12 digits (RFC 6376 3.5 allows 12). */
    private static final Pattern X_TAG = Pattern.compile("(?:^|;)\\s*x\\s*=\\s*(\\d{1,12})\\s*(?:;|$)");
    private static final int MIN_RSA_BITS = 1024;

    private final DKIMVerifier keys;
    private final int maxSignatures;
    private final Clock clock;

    /**
     * @param dns           answers the key queries (each bounded by its own timeout)
     * @param maxSignatures most signatures of one message verified; the rest are reported neutral
     */
    public DkimVerifier(TxtLookup dns, int maxSignatures) {
        this(dns, maxSignatures, Clock.systemUTC());
    }

    /** As {@link #DkimVerifier(TxtLookup, int)}, with the clock that decides whether an {@code x=} has passed. */
    public DkimVerifier(TxtLookup dns, int maxSignatures, Clock clock) {
        this.clock = clock;
        this.keys = new DKIMVerifier(new KeyRecords(dns)) {
            @Override
            protected PublicKeyRecord newPublicKeyRecord(String record) {
                return new KeyRecord(record); // k=ed25519 too
            }
        };
        this.maxSignatures = maxSignatures;
    }

    /** Reads the signatures of a message whose header is {@code header}; its body goes to the result. */
    public Verification start(HeaderFields header) {
        List<Pending> pending = new ArrayList<>();
        List<SignatureCheck> settled = new ArrayList<>();
        List<String> fields = header.getFields("DKIM-Signature");
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            String value = field.substring(field.indexOf(':') + 1);
            if (i >= maxSignatures) {
                settled.add(new SignatureCheck(DkimResult.NEUTRAL, null, null, headerB(value),
                        "not verified: more than " + maxSignatures + " signatures"));
                continue;
            }
            Long expires = expiry(value);
            if (expires != null && clock.instant().getEpochSecond() > expires) {
                // before jDKIM's validation, which refuses it as unreadable
                settled.add(new SignatureCheck(DkimResult.FAIL, tolerantDomain(value), null, headerB(value),
                        "signature expired"));
                continue;
            }
            SignatureRecord sign;
            try {
                sign = keys.newSignatureRecord(value);
                sign.validate();
            } catch (RuntimeException e) {
                settled.add(new SignatureCheck(DkimResult.NEUTRAL, tolerantDomain(value), null, headerB(value),
                        "unreadable signature: " + printable(e.getMessage())));
                continue;
            }
            try {
                pending.add(new Pending(sign, new BodyHasherImpl(sign), headerB(value)));
            } catch (PermFailException | RuntimeException e) {
                settled.add(check(sign, DkimResult.NEUTRAL, headerB(value), "unsupported: " + printable(e.getMessage())));
            }
        }
        return new Verification(header, pending, settled);
    }

    /** One message's verification in progress. */
    public final class Verification {

        private final HeaderFields header;
        private final List<Pending> pending;
        private final List<SignatureCheck> settled;
        private final OutputStream body;

        private Verification(HeaderFields header, List<Pending> pending, List<SignatureCheck> settled) {
            this.header = header;
            this.pending = pending;
            this.settled = settled;
            List<OutputStream> outs = pending.stream().map(p -> p.hasher.getOutputStream()).toList();
            this.body = switch (outs.size()) {
                case 0 -> OutputStream.nullOutputStream();
                case 1 -> outs.getFirst();
                default -> new CompoundOutputStream(outs);
            };
        }

        /** Whether the message has DKIM signatures at all ({@code dkim=none} otherwise). */
        public boolean signed() {
            return !pending.isEmpty() || !settled.isEmpty();
        }

        /**
         * The DNS names of the keys {@link #finish()} will ask for ({@code <s>._domainkey.<d>}), so a
         * caller can start those queries while the body is still arriving.
         */
        public List<String> keyNames() {
            return pending.stream()
                    .filter(p -> p.sign.getRecordLookupMethods().stream().anyMatch(m -> "dns/txt".contentEquals(m)))
                    .map(p -> p.sign.getSelector() + "._domainkey." + p.sign.getDToken())
                    .toList();
        }

        /** Where the body's bytes go (after the empty line, CRLF line ends), as they arrive. */
        public OutputStream body() {
            return body;
        }

        /**
         * The result of every signature, in header order of those verified first. Blocks for the
         * key queries: call it off any event loop. The body must be complete.
         */
        public List<SignatureCheck> finish() {
            try {
                body.close(); // flushes what the canonicalisers held back (trailing empty lines)
            } catch (IOException e) {
                throw new UncheckedIOException(e); // digest streams do not fail
            }
            List<SignatureCheck> results = new ArrayList<>();
            for (Pending p : pending) {
                results.add(verify(header, p));
            }
            results.addAll(settled);
            return results;
        }
    }

    private SignatureCheck verify(HeaderFields header, Pending p) {
        SignatureRecord sign = p.sign;
        PublicKey key;
        try {
            PublicKeyRecord record = keys.publicRecordLookup(sign);
            key = record.getPublicKey();
        } catch (TempFailException e) {
            return check(sign, DkimResult.TEMPERROR, p.headerB, printable(e.getMessage()));
        } catch (PermFailException e) {
            return check(sign, DkimResult.PERMERROR, p.headerB, printable(e.getMessage()));
        } catch (RuntimeException e) {
            // jDKIM's key parser: an empty p= (revoked) or a key that does not decode
            return check(sign, DkimResult.PERMERROR, p.headerB, "unusable key: " + printable(e.getMessage()));
        }
        try {
            if (!HeaderSignature.verifies(header, sign, key)) {
                return check(sign, DkimResult.FAIL, p.headerB, "signature did not verify");
            }
        } catch (PermFailException e) {
            return check(sign, DkimResult.NEUTRAL, p.headerB, printable(e.getMessage()));
        }
        if (!Arrays.equals(sign.getBodyHash(), p.hasher.getDigest())) {
            return check(sign, DkimResult.FAIL, p.headerB, "body hash did not verify");
        }
        if ("sha-1".equalsIgnoreCase(sign.getHashAlgo().toString())) {
            return check(sign, DkimResult.POLICY, p.headerB, "rsa-sha1 is not accepted (RFC 8301)");
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            return check(sign, DkimResult.POLICY, p.headerB, "RSA key shorter than " + MIN_RSA_BITS + " bits (RFC 8301)");
        }
        return check(sign, DkimResult.PASS, p.headerB, null);
    }

    private static SignatureCheck check(SignatureRecord sign, DkimResult result, String headerB, String reason) {
        return new SignatureCheck(result, sign.getDToken().toString().toLowerCase(Locale.ROOT),
                sign.getSelector().toString(), headerB, reason);
    }

    /** The first eight characters of {@code b=} (RFC 6008's {@code header.b}), or null. */
    static String headerB(String value) {
        Matcher m = B_TAG.matcher(value);
        if (!m.find()) {
            return null;
        }
        String b = m.group(1).replaceAll("\\s", "");
        b = b.length() > 8 ? b.substring(0, 8) : b;
        return b.matches("[A-Za-z0-9+/=]+") ? b : null;
    }

    /** The signature's {@code x=} in seconds since the epoch, or null without one. */
    static Long expiry(String value) {
        Matcher m = X_TAG.matcher(value);
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }

    /** {@code d=} of a signature jDKIM could not read, when it looks like a domain; for DMARC reports only. */
    private static String tolerantDomain(String value) {
        Matcher m = Pattern.compile("(?:^|;)\\s*d\\s*=\\s*([A-Za-z0-9.-]{1,253})\\s*(?:;|$)").matcher(value);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    private static String printable(String text) {
        if (text == null) {
            return "error";
        }
        String clean = text.replaceAll("[^\\x20-\\x7e]", " ").replaceAll(" +", " ").strip();
        return clean.length() > 120 ? clean.substring(0, 120) : clean;
    }

    private record Pending(SignatureRecord sign, BodyHasherImpl hasher, String headerB) {
    }
}
