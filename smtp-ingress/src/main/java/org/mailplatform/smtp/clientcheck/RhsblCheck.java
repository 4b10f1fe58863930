package org.mailplatform.smtp.clientcheck;

import java.util.List;

import org.mailplatform.smtp.config.SmtpProperties;

/**
 * What the domain block lists are asked about, as Postfix's {@code reject_rhsbl_sender},
 * {@code reject_rhsbl_helo} and {@code reject_rhsbl_client} do: each has its own sites and reply
 * text ({@code rhsbl-<key>-sites}, {@code rhsbl-<key>-reply}), its own result cache, and its key
 * in the lookups' {@code checked} tag and the refusal's {@code reason} ({@code rhsbl_<key>}), so a
 * zone asked about both senders and HELO names (as Spamhaus DBL usually is) shows which one listed.
 */
public enum RhsblCheck {

    /** The domain of the MAIL FROM address. */
    SENDER("sender", "${sender-domain}", "smtp.sender-checks"),
    /** The HELO/EHLO name. */
    HELO("helo", "${helo}", "smtp.helo-checks"),
    /** The client's verified (forward-confirmed) host name. */
    CLIENT("client", "${client-name}", "smtp.client-name-checks");

    private final String key;
    private final String placeholder;
    private final String cache;

    RhsblCheck(String key, String placeholder, String cache) {
        this.key = key;
        this.placeholder = placeholder;
        this.cache = cache;
    }

    /** The setting of this check's sites, named in the error of a malformed entry. */
    public String property() {
        return "mail.smtp.client-checks.rhsbl-" + key + "-sites";
    }

    /** This check's value of the lookups' {@code checked} tag. */
    String tag() {
        return key;
    }

    /** The {@code reason} of {@code mail.smtp.rejected} for a refusal by this check. */
    String reason() {
        return "rhsbl_" + key;
    }

    /** What the reply text names the listed name by. */
    String placeholder() {
        return placeholder;
    }

    /** The {@code cache} tag of Micrometer's meters of this check's results. */
    String cacheName() {
        return cache;
    }

    List<String> sites(SmtpProperties.ClientChecks settings) {
        return switch (this) {
            case SENDER -> settings.rhsblSenderSites();
            case HELO -> settings.rhsblHeloSites();
            case CLIENT -> settings.rhsblClientSites();
        };
    }

    String reply(SmtpProperties.ClientChecks settings) {
        return switch (this) {
            case SENDER -> settings.rhsblSenderReply();
            case HELO -> settings.rhsblHeloReply();
            case CLIENT -> settings.rhsblClientReply();
        };
    }

    /**
     * The domain to ask about in what the session has: a MAIL FROM path's domain ({@code null} for
     * the null sender or a path without one), a HELO or client name as it is.
     */
    String domain(String given) {
        if (given == null || this != SENDER) {
            return given;
        }
        int at = given.lastIndexOf('@');
        return at < 0 || at == given.length() - 1 ? null : given.substring(at + 1);
    }
}
