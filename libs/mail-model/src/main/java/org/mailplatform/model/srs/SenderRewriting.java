package org.mailplatform.model.srs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Sender Rewriting Scheme (Shevek's SRS, as postsrsd and libsrs2 write it), so that mail an
 * alias forwards to another provider passes SPF there: the envelope sender {@code user@example.org}
 * becomes {@code SRS0=HHHH=TT=example.org=user@<our domain>}, and a bounce to that address is
 * turned back into the original sender, only when its hash is ours and it is at most
 * {@code maxAgeDays} old, so the address cannot be used to relay to anyone else.
 *
 * <ul>
 *   <li>{@code HHHH}: the first four characters of the base64 HMAC-SHA1, under the shared secret, of
 *       the lower-cased timestamp, domain and local part (compared without case on the way back:
 *       some servers lower-case local parts);</li>
 *   <li>{@code TT}: the day number modulo 1024 in two base32 characters;</li>
 *   <li>an address that is already {@code SRS0} of another forwarder becomes
 *       {@code SRS1=HHHH=<that forwarder>==<its SRS0 part>}, and an {@code SRS1} address keeps its
 *       first forwarder, so the address does not grow with each hop.</li>
 * </ul>
 */
public final class SenderRewriting {

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int HASH_LENGTH = 4;
    private static final long SECONDS_PER_DAY = 86_400;

    private final byte[] secret;
    private final String domain;
    private final int maxAgeDays;
    private final Clock clock;

    /**
     * @param secret     the HMAC key, the same on every instance that rewrites or reverses
     * @param domain     the domain of rewritten addresses; its MX must be this platform
     * @param maxAgeDays how long a rewritten address is accepted back (1 to 1023 days)
     */
    public SenderRewriting(byte[] secret, String domain, int maxAgeDays, Clock clock) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("the SRS secret must have at least 16 bytes");
        }
        if (maxAgeDays < 1 || maxAgeDays > 1023) {
            throw new IllegalArgumentException("the SRS maximum age must be between 1 and 1023 days");
        }
        this.secret = secret.clone();
        this.domain = Objects.requireNonNull(domain, "domain").toLowerCase(Locale.ROOT);
        this.maxAgeDays = maxAgeDays;
        this.clock = clock;
    }

    public String domain() {
        return domain;
    }

    /**
     * The envelope sender to use when forwarding mail from {@code sender}: its SRS form at our
     * domain; the null sender and an address at our own domain stay as they are.
     */
    public String forward(String sender) {
        int at = sender.lastIndexOf('@');
        if (sender.isEmpty() || at <= 0 || at == sender.length() - 1) {
            return sender;
        }
        String local = sender.substring(0, at);
        String host = sender.substring(at + 1);
        if (host.equalsIgnoreCase(domain)) {
            return sender;
        }
        String upper = local.toUpperCase(Locale.ROOT);
        if (upper.startsWith("SRS0") && local.length() > 5 && isSeparator(local.charAt(4))) {
            String rest = local.substring(5);
            return "SRS1=" + hash(host, rest) + "=" + host + "==" + rest + "@" + domain;
        }
        if (upper.startsWith("SRS1") && local.length() > 5 && isSeparator(local.charAt(4))) {
            // SRS1=hash=first-forwarder==rest: keep the first forwarder, sign again
            String[] parts = local.substring(5).split("=", 3);
            if (parts.length == 3 && parts[2].startsWith("=")) {
                String firstHop = parts[1];
                String rest = parts[2].substring(1);
                return "SRS1=" + hash(firstHop, rest) + "=" + firstHop + "==" + rest + "@" + domain;
            }
        }
        String timestamp = timestamp(today());
        return "SRS0=" + hash(timestamp, host, local) + "=" + timestamp + "=" + host + "=" + local + "@" + domain;
    }

    /**
     * The address a bounce to {@code address} goes to, if it is an SRS address at our domain with
     * our hash and, for SRS0, not older than the maximum age; otherwise empty.
     */
    public Optional<String> reverse(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || !address.substring(at + 1).equalsIgnoreCase(domain)) {
            return Optional.empty();
        }
        String local = address.substring(0, at);
        String upper = local.toUpperCase(Locale.ROOT);
        if (local.length() <= 5 || !isSeparator(local.charAt(4))) {
            return Optional.empty();
        }
        if (upper.startsWith("SRS0")) {
            String[] parts = local.substring(5).split("=", 4);
            if (parts.length != 4 || parts[1].length() != 2 || parts[2].isEmpty() || parts[3].isEmpty()
                    || !sameHash(parts[0], hash(parts[1], parts[2], parts[3])) || !fresh(parts[1])) {
                return Optional.empty();
            }
            return Optional.of(parts[3] + "@" + parts[2]);
        }
        if (upper.startsWith("SRS1")) {
            String[] parts = local.substring(5).split("=", 3);
            if (parts.length != 3 || parts[1].isEmpty() || !parts[2].startsWith("=") || parts[2].length() < 2) {
                return Optional.empty();
            }
            String rest = parts[2].substring(1);
            if (!sameHash(parts[0], hash(parts[1], rest))) {
                return Optional.empty();
            }
            return Optional.of("SRS0=" + rest + "@" + parts[1]);
        }
        return Optional.empty();
    }

    private static boolean isSeparator(char c) {
        return c == '=' || c == '+' || c == '-';
    }

    private boolean fresh(String timestamp) {
        int then = 0;
        for (char c : timestamp.toUpperCase(Locale.ROOT).toCharArray()) {
            int v = BASE32.indexOf(c);
            if (v < 0) {
                return false;
            }
            then = then * 32 + v;
        }
        int age = Math.floorMod((int) (today() % 1024) - then, 1024);
        return age <= maxAgeDays;
    }

    private long today() {
        return clock.instant().getEpochSecond() / SECONDS_PER_DAY;
    }

    private static String timestamp(long day) {
        int t = (int) (day % 1024);
        return "" + BASE32.charAt(t >> 5) + BASE32.charAt(t & 31);
    }

    private String hash(String... data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            for (String d : data) {
                mac.update(d.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            }
            return Base64.getEncoder().encodeToString(mac.doFinal()).substring(0, HASH_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    private static boolean sameHash(String given, String expected) {
        return MessageDigest.isEqual(given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                expected.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
