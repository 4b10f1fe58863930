package org.mailplatform.smtp.spf;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.smtp.codec.SmtpReply;
import org.mailplatform.smtp.config.SmtpProperties;

/**
 * Decides RCPT TO from the SPF verdict, as policyd-spf does for Postfix, but tagging by default:
 * forwarding breaks SPF, and DMARC, which also weighs DKIM, is the layer that decides. A refusal
 * uses RFC 7372's codes: fail {@code 550 5.7.23} (with the domain's explanation), temperror
 * {@code 451 4.7.24}, permerror {@code 550 5.7.24}; softfail is never refused (RFC 7208 8.5).
 * Counts each refused RCPT as {@code mail.smtp.rejected} with {@code reason} spf_fail,
 * spf_temperror or spf_permerror.
 */
public final class SpfPolicy {

    /** Longest explanation passed on to the client; the reply line stays well below 512 octets. */
    static final int MAX_EXPLANATION = 200;

    private final boolean rejectFail;
    private final boolean deferTemperror;
    private final boolean rejectPermerror;
    private final MeterRegistry meters;

    /** @throws IllegalArgumentException for an action a result does not allow, naming the key */
    public SpfPolicy(SmtpProperties.Spf settings, MeterRegistry meters) {
        this.rejectFail = action("fail-action", settings.failAction(), "reject");
        action("softfail-action", settings.softfailAction(), null);
        this.deferTemperror = action("temperror-action", settings.temperrorAction(), "defer");
        this.rejectPermerror = action("permerror-action", settings.permerrorAction(), "reject");
        this.meters = meters;
    }

    /** Whether some verdict refuses recipients; else the verdict is needed only for the header, at DATA. */
    public boolean canRefuse() {
        return rejectFail || deferTemperror || rejectPermerror;
    }

    /** The refusal of every RCPT of the transaction, or empty when its recipients may be checked. */
    public Optional<SmtpReply> refusal(SpfVerdict verdict) {
        SpfResult result = verdict.result();
        if (result == SpfResult.FAIL && rejectFail) {
            return refuse("spf_fail", SmtpReply.of(550, "5.7.23", "SPF validation failed" + explanation(verdict.explanation())));
        }
        if (result == SpfResult.TEMPERROR && deferTemperror) {
            return refuse("spf_temperror", SmtpReply.of(451, "4.7.24", "SPF validation error"));
        }
        if (result == SpfResult.PERMERROR && rejectPermerror) {
            return refuse("spf_permerror", SmtpReply.of(550, "5.7.24", "SPF validation error"));
        }
        return Optional.empty();
    }

    private Optional<SmtpReply> refuse(String reason, SmtpReply reply) {
        Counter.builder("mail.smtp.rejected").tag("reason", reason).register(meters).increment();
        return Optional.of(reply);
    }

    /**
     * The domain's explanation as reply text: printable ASCII only (the domain's DNS data, expanded
     * with the client's own HELO and address, must not end the reply line or start another one).
     */
    static String explanation(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?").strip();
        if (clean.length() > MAX_EXPLANATION) {
            clean = clean.substring(0, MAX_EXPLANATION);
        }
        return clean.isEmpty() ? "" : ": " + clean;
    }

    /** Whether {@code value} is {@code tag} (false) or the result's refusing action (true). */
    private static boolean action(String key, String value, String refusing) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("tag")) {
            return false;
        }
        if (v.equals(refusing)) {
            return true;
        }
        throw new IllegalArgumentException("mail.smtp.spf." + key + ": '" + value + "' is not one of "
                + (refusing == null ? List.of("tag") : List.of("tag", refusing)));
    }
}
