package org.mailplatform.sieve;

import java.time.Clock;
import java.util.Objects;

/**
 * Where and when a script runs, as the tests that look beyond the message see it: the clock of
 * {@code currentdate} and the default zone of {@code date} (RFC 5260; the clock's zone is "the
 * server's time zone"), the sub-address separator of {@code subaddress}'s {@code :user} and
 * {@code :detail} (RFC 5233), and the items of {@code environment} (RFC 5183). Delivery makes one per
 * message; a null item is one the delivery does not know, for which {@code environment} is false.
 *
 * @param clock              the current time and the default time zone
 * @param recipientDelimiter what separates the user from the detail in a local part ({@code +} in
 *                           {@code alice+news}); empty: addresses have no detail
 * @param domain             the domain the script filters mail for (the user's)
 * @param host               the name of the host delivering
 * @param remoteHost         the name of the host the message came from, when known
 * @param remoteIp           the address of the host the message came from, when known
 */
public record SieveEnvironment(Clock clock, String recipientDelimiter, String domain, String host, String remoteHost,
                               String remoteIp) {

    /** {@code environment "name"}: the product. */
    public static final String NAME = "mail-platform";

    /** The separator of {@code alice+news}, auth-service's default too. */
    public static final String DEFAULT_DELIMITER = "+";

    public SieveEnvironment {
        Objects.requireNonNull(clock, "clock");
        recipientDelimiter = recipientDelimiter == null ? "" : recipientDelimiter;
    }

    /** The system clock in the JVM's zone, {@code +} as separator, no host or domain known. */
    public static SieveEnvironment defaults() {
        return new SieveEnvironment(Clock.systemDefaultZone(), DEFAULT_DELIMITER, null, null, null, null);
    }

    /**
     * The value of an {@code environment} item (RFC 5183 4.1; names without case), or null when it is
     * unknown here or not known for this delivery: the test is false then. Scripts run at final
     * delivery, while the message is being delivered: location {@code MDA}, phase {@code during}.
     */
    String item(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "domain" -> domain;
            case "host" -> host;
            case "location" -> "MDA";
            case "name" -> NAME;
            case "phase" -> "during";
            case "version" -> version();
            case "remote-host" -> remoteHost;
            case "remote-ip" -> remoteIp;
            default -> null;
        };
    }

    /**
     * {@code environment "version"}: libs/sieve's version, from the Maven properties its jar carries
     * (its manifest has none), or "dev" when it runs from classes.
     */
    static String version() {
        return Version.VALUE;
    }

    /** Read once, when first asked. */
    private static final class Version {
        static final String VALUE = read();

        private static String read() {
            try (java.io.InputStream in = SieveEnvironment.class.getResourceAsStream(
                    "/META-INF/maven/org.mailplatform/sieve/pom.properties")) {
                if (in != null) {
                    java.util.Properties p = new java.util.Properties();
                    p.load(in);
                    String v = p.getProperty("version");
                    if (v != null && !v.isBlank()) {
                        return v.strip();
                    }
                }
            } catch (java.io.IOException | IllegalArgumentException e) {
                // no version to tell: "dev" as from classes
            }
            return "dev";
        }
    }
}
