package org.mailplatform.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.jdkim.DKIMSigner;
import org.mailplatform.mailauth.HeaderCapture;
import org.mailplatform.mailauth.HeaderFields;
import org.mailplatform.mailauth.dns.TxtLookup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signatures made with jDKIM's signer; dkimpy-signed mail is verified end to end in smtp-ingress's
 * tests, so the verifier is not only checked against the implementation it builds on.
 */
class DkimVerifierTest {

    private static final String MESSAGE = "From: Alice <alice@example.com>\r\nTo: bob@example.net\r\n"
            + "Subject: Hello\r\nDate: Sat, 05 Dec 2026 10:00:00 +0000\r\nMessage-ID: <1@example.com>\r\n\r\n"
            + "Hi Bob,\r\n\r\nsee you.  \r\n\r\n\r\n";

    private static KeyPair key;
    private static KeyPair weakKey;
    private final Map<String, List<String>> zone = new HashMap<>();
    private final TxtLookup dns = name -> {
        if (name.startsWith("down.")) {
            throw new TxtLookup.TemporaryDnsFailure("timeout");
        }
        return zone.getOrDefault(name.toLowerCase(), List.of());
    };

    @BeforeAll
    static void keys() throws NoSuchAlgorithmException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        key = rsa.generateKeyPair();
        rsa.initialize(512);
        weakKey = rsa.generateKeyPair();
    }

    private void publish(String selector, String domain, KeyPair pair) {
        zone.put(selector + "._domainkey." + domain, List.of("v=DKIM1; k=rsa; p="
                + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));
    }

    private static String sign(String message, String tags, KeyPair pair) throws Exception {
        DKIMSigner signer = new DKIMSigner("v=1; " + tags + "; h=from:to:subject:date:message-id; bh=; b=;",
                pair.getPrivate());
        return signer.sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static String signed(String tags, KeyPair pair) throws Exception {
        return sign(MESSAGE, tags, pair) + "\r\n" + MESSAGE;
    }

    /** Streams {@code message} through capture and verifier in chunks of {@code chunk} bytes. */
    private List<SignatureCheck> verify(String message, int chunk) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        HeaderCapture capture = new HeaderCapture(64 * 1024);
        DkimVerifier.Verification verification = null;
        for (int off = 0; off < bytes.length; off += chunk) {
            int len = Math.min(chunk, bytes.length - off);
            if (verification == null) {
                int body = capture.accept(bytes, off, len);
                if (body >= 0) {
                    verification = new DkimVerifier(dns, 3).start(HeaderFields.parse(capture.bytes(), 1000));
                    verification.body().write(bytes, body, off + len - body);
                }
            } else {
                OutputStream out = verification.body();
                out.write(bytes, off, len);
            }
        }
        return verification.finish();
    }

    @Test
    void aRelaxedSignatureVerifiesWhateverTheChunking() throws Exception {
        publish("s1", "example.com", key);
        String message = signed("a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1", key);
        for (int chunk : new int[] {1, 7, 64, 100_000}) {
            List<SignatureCheck> results = verify(message, chunk);
            assertThat(results).as("chunks of %d", chunk).singleElement().satisfies(r -> {
                assertThat(r.result()).isEqualTo(DkimResult.PASS);
                assertThat(r.domain()).isEqualTo("example.com");
                assertThat(r.selector()).isEqualTo("s1");
                assertThat(r.headerB()).hasSize(8);
            });
        }
    }

    @Test
    void aSignaturePastItsExpiryFailsWithoutItsKeyBeingAskedFor() throws Exception {
        long now = java.time.Instant.now().getEpochSecond();
        String signature = sign(MESSAGE, "a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1; t=" + now + "; x="
                + (now + 600), key);
        byte[] message = (signature + "\r\n" + MESSAGE).getBytes(StandardCharsets.UTF_8);
        HeaderFields header = HeaderFields.parse(java.util.Arrays.copyOf(message, headerLength(message)), 1000);
        java.time.Clock later = java.time.Clock.fixed(java.time.Instant.ofEpochSecond(now + 601), java.time.ZoneOffset.UTC);
        List<String> asked = new java.util.ArrayList<>();
        TxtLookup counting = name -> {
            asked.add(name);
            return dns.txt(name);
        };
        publish("s1", "example.com", key);

        DkimVerifier.Verification v = new DkimVerifier(counting, 3, later).start(header);
        assertThat(v.finish()).singleElement().satisfies(r -> {
            assertThat(r.result()).isEqualTo(DkimResult.FAIL);
            assertThat(r.reason()).isEqualTo("signature expired");
            assertThat(r.domain()).isEqualTo("example.com");
        });
        assertThat(asked).isEmpty();
        // the same signature before its expiry passes
        java.time.Clock before = java.time.Clock.fixed(java.time.Instant.ofEpochSecond(now + 599), java.time.ZoneOffset.UTC);
        DkimVerifier.Verification ok = new DkimVerifier(counting, 3, before).start(header);
        ok.body().write(MESSAGE.substring(MESSAGE.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8));
        assertThat(ok.finish()).extracting(SignatureCheck::result).containsExactly(DkimResult.PASS);
        assertThat(DkimVerifier.expiry(" v=1; x = 1700000000 ; b=abc")).isEqualTo(1_700_000_000L);
        assertThat(DkimVerifier.expiry(" v=1; b=abc")).isNull();
    }

    /** Bytes up to and including the empty line that ends the header. */
    private static int headerLength(byte[] message) {
        for (int i = 3; i < message.length; i++) {
            if (message[i - 3] == '\r' && message[i - 2] == '\n' && message[i - 1] == '\r' && message[i] == '\n') {
                return i + 1;
            }
        }
        throw new AssertionError("no end of header");
    }

    @Test
    void aSimpleSignatureVerifies() throws Exception {
        publish("s1", "example.com", key);
        assertThat(verify(signed("a=rsa-sha256; c=simple/simple; d=example.com; s=s1", key), 13))
                .extracting(SignatureCheck::result).containsExactly(DkimResult.PASS);
    }

    @Test
    void aChangedBodyOrHeaderFails() throws Exception {
        publish("s1", "example.com", key);
        String message = signed("a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1", key);
        assertThat(verify(message.replace("see you.", "see you!"), 50)).singleElement()
                .satisfies(r -> assertThat(r.result()).isEqualTo(DkimResult.FAIL))
                .satisfies(r -> assertThat(r.reason()).contains("body hash"));
        assertThat(verify(message.replace("Subject: Hello", "Subject: Pay now"), 50)).singleElement()
                .satisfies(r -> assertThat(r.result()).isEqualTo(DkimResult.FAIL))
                .satisfies(r -> assertThat(r.reason()).contains("signature did not verify"));
    }

    @Test
    void keyProblemsArePermanentOrTemporaryErrors() throws Exception {
        String missing = signed("a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=nokey", key);
        assertThat(verify(missing, 50)).extracting(SignatureCheck::result).containsExactly(DkimResult.PERMERROR);

        zone.put("revoked._domainkey.example.com", List.of("v=DKIM1; k=rsa; p="));
        String revoked = signed("a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=revoked", key);
        assertThat(verify(revoked, 50)).extracting(SignatureCheck::result).containsExactly(DkimResult.PERMERROR);

        String unreachable = signed("a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=down", key);
        assertThat(verify(unreachable, 50)).extracting(SignatureCheck::result).containsExactly(DkimResult.TEMPERROR);
    }

    @Test
    void eachSignatureIsReportedOnItsOwn() throws Exception {
        publish("s1", "example.com", key);
        publish("list", "lists.example.org", key);
        String good = sign(MESSAGE, "a=rsa-sha256; c=relaxed/relaxed; d=lists.example.org; s=list", key);
        String broken = sign(MESSAGE.replace("Hello", "Other"), "a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1", key);
        List<SignatureCheck> results = verify(broken + "\r\n" + good + "\r\n" + MESSAGE, 64);
        assertThat(results).extracting(SignatureCheck::domain, SignatureCheck::result).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("example.com", DkimResult.FAIL),
                org.assertj.core.groups.Tuple.tuple("lists.example.org", DkimResult.PASS));
    }

    @Test
    void anUnreadableSignatureIsNeutral() throws Exception {
        List<SignatureCheck> results = verify("DKIM-Signature: v=1; d=example.com; nonsense\r\n" + MESSAGE, 64);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.result()).isEqualTo(DkimResult.NEUTRAL);
            assertThat(r.domain()).isEqualTo("example.com");
        });
    }

    @Test
    void sha1AndShortKeysAreNotAcceptedAsPass() throws Exception {
        publish("s1", "example.com", key);
        publish("weak", "example.com", weakKey);
        assertThat(verify(signed("a=rsa-sha1; c=relaxed/relaxed; d=example.com; s=s1", key), 64))
                .extracting(SignatureCheck::result).containsExactly(DkimResult.POLICY);
        assertThat(verify(signed("a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=weak", weakKey), 64))
                .extracting(SignatureCheck::result).containsExactly(DkimResult.POLICY);
    }

    @Test
    void signaturesBeyondTheLimitAreNotVerified() throws Exception {
        publish("s1", "example.com", key);
        String one = sign(MESSAGE, "a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1", key);
        String message = (one + "\r\n").repeat(4) + MESSAGE;
        List<SignatureCheck> results = verify(message, 64);
        assertThat(results).extracting(SignatureCheck::result)
                .containsExactly(DkimResult.PASS, DkimResult.PASS, DkimResult.PASS, DkimResult.NEUTRAL);
    }

    @Test
    void anUnsignedMessageHasNoResults() throws Exception {
        HeaderFields header = HeaderFields.parse("From: a@example.com\r\n".getBytes(StandardCharsets.US_ASCII), 10);
        DkimVerifier.Verification v = new DkimVerifier(dns, 3).start(header);
        assertThat(v.signed()).isFalse();
        assertThat(v.finish()).isEmpty();
    }

    /** Found by review: a b= of the wrong length for the key was reported neutral, but it simply does not verify (RFC 6376 6.1.3). */
    @Test
    void aSignatureOfTheWrongLengthFails() throws Exception {
        publish("s1", "example.com", key);
        String field = sign(MESSAGE, "a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1", key);
        String shortB = field.replaceFirst("(?<=[;:]\\s)b=[^;]*;", "b=AAAA;") + "\r\n" + MESSAGE;
        assertThat(shortB).contains(" b=AAAA;");
        assertThat(verify(shortB, 64)).singleElement().satisfies(r -> {
            assertThat(r.result()).isEqualTo(DkimResult.FAIL);
            assertThat(r.reason()).contains("signature did not verify");
        });
    }

    /** Hostile tags from review: each is a result of its own (never an exception out of the verifier), none a pass. */
    @Test
    void hostileSignaturesAreResultsNotExceptions() throws Exception {
        publish("s1", "example.com", key);
        zone.put("bad._domainkey.example.com", List.of("v=DKIM1; k=rsa; p=" + "A".repeat(5000)));
        String b = Base64.getEncoder().encodeToString(new byte[256]);
        String bh = Base64.getEncoder().encodeToString(new byte[32]);
        String base = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1; ";
        List<String> hostile = List.of(
                base + "h=" + "x-h:".repeat(10_000) + "from; bh=" + bh + "; b=" + b,
                base + "h=from::to; bh=" + bh + "; b=" + b,
                base + "h=from; l=99999999999999999999; bh=" + bh + "; b=" + b,
                base + "h=from; l=-5; bh=" + bh + "; b=" + b,
                base + "h=from; l=100000; bh=" + bh + "; b=" + b,
                base + "h=from; bh=" + bh + "; b=" + "A".repeat(30_000),
                base + "h=from; bh=" + bh + "; b=!!!!",
                base + "h=from; bh=" + bh + "; b=" + b + "; t=99999999999999999999",
                base + "h=from; bh=" + bh + "; b=" + b + "; i=@",
                base.replace("rsa-sha256", "ed25519-sha256") + "h=from; bh=" + bh + "; b=" + b,
                base.replace("d=example.com", "d=") + "h=from; bh=" + bh + "; b=" + b,
                base.replace("s=s1", "s=bad") + "h=from; bh=" + bh + "; b=" + b,
                "DKIM-Signature: v=1;;;; a=rsa-sha256; d=example.com; s=s1; h=from; bh=" + bh + "; b=" + b,
                "DKIM-Signature: =; v=1",
                "DKIM-Signature: ");
        for (String field : hostile) {
            assertThat(verify(field + "\r\n" + MESSAGE, 64)).as(field.substring(0, Math.min(100, field.length())))
                    .singleElement().satisfies(r -> assertThat(r.result()).isNotEqualTo(DkimResult.PASS));
        }
    }
}
