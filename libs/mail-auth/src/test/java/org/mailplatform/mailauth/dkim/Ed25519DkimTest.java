package org.mailplatform.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;

import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.tagvalue.SignatureRecordImpl;
import org.junit.jupiter.api.Test;
import org.mailplatform.mailauth.HeaderCapture;
import org.mailplatform.mailauth.HeaderFields;
import org.mailplatform.mailauth.dns.TxtLookup;

/**
 * {@code ed25519-sha256} (RFC 8463) against the RFC's own example (Appendix A): the message signed
 * with Ed25519 and with RSA verifies with the published keys, and signing it again with the
 * published private key gives the published {@code b=} (Ed25519 is deterministic).
 */
class Ed25519DkimTest {

    /** RFC 8463 A.1: the Ed25519 private key, the 32-byte seed. */
    private static final String RFC_PRIVATE_KEY = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
    /** RFC 8463 A.2: the key records, at brisbane._domainkey and test._domainkey of football.example.com. */
    private static final String RFC_ED25519_RECORD = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    private static final String RFC_RSA_RECORD = "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWR"
            + "iGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutAC"
            + "DfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3"
            + "Ip3G+2kryOTIKT+l/K4w3QIDAQAB";

    private final Map<String, List<String>> zone = new HashMap<>(Map.of(
            "brisbane._domainkey.football.example.com", List.of(RFC_ED25519_RECORD),
            "test._domainkey.football.example.com", List.of(RFC_RSA_RECORD)));
    private final TxtLookup dns = name -> zone.getOrDefault(name.toLowerCase(), List.of());

    private static String rfcMessage() throws Exception {
        try (InputStream in = Ed25519DkimTest.class.getResourceAsStream("/dkim/rfc8463-a3.eml")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static PrivateKey rfcPrivateKey() throws Exception {
        return KeyFactory.getInstance("Ed25519").generatePrivate(
                new EdECPrivateKeySpec(NamedParameterSpec.ED25519, Base64.getDecoder().decode(RFC_PRIVATE_KEY)));
    }

    private List<SignatureCheck> verify(String message, int chunk) throws Exception {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        HeaderCapture capture = new HeaderCapture(64 * 1024);
        DkimVerifier.Verification verification = null;
        for (int off = 0; off < bytes.length; off += chunk) {
            int len = Math.min(chunk, bytes.length - off);
            if (verification == null) {
                int body = capture.accept(bytes, off, len);
                if (body >= 0) {
                    verification = new DkimVerifier(dns, 5).start(HeaderFields.parse(capture.bytes(), 1000));
                    verification.body().write(bytes, body, off + len - body);
                }
            } else {
                verification.body().write(bytes, off, len);
            }
        }
        return verification.finish();
    }

    private static String header(String message) {
        return message.substring(0, message.indexOf("\r\n\r\n") + 2);
    }

    private static String body(String message) {
        return message.substring(message.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void theRfcExampleVerifiesWithBothOfItsSignatures() throws Exception {
        for (int chunk : new int[] {1, 13, 100_000}) {
            assertThat(verify(rfcMessage(), chunk)).as("chunks of %d", chunk)
                    .extracting(SignatureCheck::result, SignatureCheck::selector, SignatureCheck::headerB)
                    .containsExactly(
                            tuple(DkimResult.PASS, "brisbane", "/gCrinpc"),
                            tuple(DkimResult.PASS, "test", "F45dVWDf"));
        }
    }

    @Test
    void signingTheRfcExampleWithItsKeyGivesItsSignature() throws Exception {
        String message = rfcMessage();
        HeaderFields header = HeaderFields.parse(header(message).getBytes(StandardCharsets.US_ASCII), 1000);
        String field = header.getFields("DKIM-Signature").getFirst();
        SignatureRecord published = new SignatureRecordImpl(field.substring(field.indexOf(':') + 1));
        byte[] b = HeaderSignature.sign(header, published, rfcPrivateKey());
        assertThat(Base64.getEncoder().encodeToString(b))
                .isEqualTo("/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11BusFa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==");
    }

    @Test
    void theSignerReproducesTheRfcBodyHashAndSignsVerifiably() throws Exception {
        String message = rfcMessage();
        String unsigned = message.substring(message.indexOf("From: Joe"));
        HeaderFields header = HeaderFields.parse(header(unsigned).getBytes(StandardCharsets.US_ASCII), 1000);
        String field = DkimSigner.sign("v=1; a=ed25519-sha256; c=relaxed/relaxed; d=football.example.com; s=brisbane; "
                        + "h=from:to:subject:date:message-id; bh=; b=;", rfcPrivateKey(), header,
                new ByteArrayInputStream(body(unsigned).getBytes(StandardCharsets.US_ASCII)));
        assertThat(field).startsWith("DKIM-Signature:").contains("bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;");
        assertThat(verify(field + "\r\n" + unsigned, 7)).extracting(SignatureCheck::result).containsExactly(DkimResult.PASS);
    }

    @Test
    void severalSignaturesShareOneReadOfTheBodyAndOneThatCannotBeMadeFailsAlone() throws Exception {
        String message = rfcMessage();
        String unsigned = message.substring(message.indexOf("From: Joe"));
        HeaderFields header = HeaderFields.parse(header(unsigned).getBytes(StandardCharsets.US_ASCII), 1000);
        AtomicInteger reads = new AtomicInteger();
        byte[] bytes = body(unsigned).getBytes(StandardCharsets.US_ASCII);
        InputStream body = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                reads.incrementAndGet();
                return super.read(b, off, len);
            }
        };
        String tags = "d=football.example.com; s=brisbane; h=from:to:subject:date:message-id; bh=; b=;";
        List<DkimSigner.Result> results = DkimSigner.signAll(List.of(
                new DkimSigner.Request("v=1; a=ed25519-sha256; c=relaxed/relaxed; " + tags, rfcPrivateKey()),
                new DkimSigner.Request("not a signature", rfcPrivateKey()),
                new DkimSigner.Request("v=1; a=rsa-sha256; c=relaxed/relaxed; " + tags, rfcPrivateKey()),
                new DkimSigner.Request("v=1; a=ed25519-sha256; c=simple/simple; " + tags, rfcPrivateKey())),
                header, body);

        assertThat(reads.get()).as("16 KiB chunks, read once").isEqualTo(bytes.length / (16 * 1024) + 2);
        assertThat(results).extracting(DkimSigner.Result::ok).containsExactly(true, false, false, true);
        assertThat(results.get(1).failure()).hasMessageContaining("unreadable signature template");
        for (DkimSigner.Result made : List.of(results.get(0), results.get(3))) {
            assertThat(verify(made.field() + "\r\n" + unsigned, 7)).extracting(SignatureCheck::result)
                    .containsExactly(DkimResult.PASS);
        }
    }

    @Test
    void aChangedHeaderOrBodyFails() throws Exception {
        String message = rfcMessage();
        assertThat(verify(message.replace("dinner", "lunch"), 50)).extracting(SignatureCheck::result)
                .containsExactly(DkimResult.FAIL, DkimResult.FAIL);
        assertThat(verify(message.replace("hungry", "angry"), 50)).extracting(SignatureCheck::reason)
                .containsExactly("body hash did not verify", "body hash did not verify");
    }

    @Test
    void keyProblemsArePermanentErrors() throws Exception {
        String message = rfcMessage();
        zone.put("brisbane._domainkey.football.example.com", List.of(RFC_RSA_RECORD));
        assertThat(verify(message, 50).getFirst().result()).as("an RSA key for an Ed25519 signature").isEqualTo(DkimResult.PERMERROR);
        zone.put("brisbane._domainkey.football.example.com", List.of("v=DKIM1; k=ed25519; p="));
        assertThat(verify(message, 50).getFirst().result()).as("revoked").isEqualTo(DkimResult.PERMERROR);
        zone.put("brisbane._domainkey.football.example.com", List.of("v=DKIM1; k=ed25519; p=AAECAw=="));
        assertThat(verify(message, 50).getFirst().result()).as("not 32 bytes").isEqualTo(DkimResult.PERMERROR);
    }

    @Test
    void anotherKeyOrAMangledSignatureFails() throws Exception {
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        zone.put("brisbane._domainkey.football.example.com", List.of("v=DKIM1; k=ed25519; p="
                + Base64.getEncoder().encodeToString(Ed25519Keys.raw(other.getPublic()))));
        String message = rfcMessage();
        assertThat(verify(message, 50).getFirst().result()).isEqualTo(DkimResult.FAIL);
        zone.put("brisbane._domainkey.football.example.com", List.of(RFC_ED25519_RECORD));
        String shortened = message.replace(" Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==", " Fa3bT3FY5OsU7Q==");
        assertThat(verify(shortened, 50).getFirst().result()).as("b= of the wrong length").isEqualTo(DkimResult.FAIL);
    }

    @Test
    void rawKeysRoundTrip() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] raw = Ed25519Keys.raw(pair.getPublic());
        assertThat(raw).hasSize(32);
        assertThat(Ed25519Keys.publicKey(raw).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(DkimSigner.algorithm(pair.getPrivate())).isEqualTo("ed25519-sha256");
    }
}
