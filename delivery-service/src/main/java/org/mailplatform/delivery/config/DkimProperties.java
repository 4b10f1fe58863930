package org.mailplatform.delivery.config;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * DKIM signing of relayed mail ({@code mail.delivery.dkim.*}); keys come from the directory.
 *
 * @param enabled           sign submitted mail whose {@code From} domain has an active key
 *                          (default true)
 * @param signedHeaders     header fields signed when present, each over-signed once so that
 *                          none can be added after signing (default: the originator, recipient,
 *                          subject, date, identification, MIME and list fields)
 * @param maxHeaderFields   most header fields a message may have to be signed (default 1,000)
 * @param maxHeaderFieldLength longest header field, folded lines together, in bytes (default
 *                          64 KiB); a message beyond either limit goes out unsigned
 * @param onKeyUnavailable  what to do when the directory cannot say whether a domain has a key:
 *                          {@code defer} (default: retry later, as OpenDKIM's tempfail) or
 *                          {@code unsigned} (send without a signature)
 */
@ConfigurationProperties("mail.delivery.dkim")
public record DkimProperties(Boolean enabled, List<String> signedHeaders, Integer maxHeaderFields,
                             Integer maxHeaderFieldLength, KeyUnavailable onKeyUnavailable) {

    /** The fields of RFC 6376 section 5.4.1's list that clients commonly set, plus list fields. */
    public static final List<String> DEFAULT_SIGNED_HEADERS = List.of("from", "sender", "reply-to", "subject", "date",
            "message-id", "to", "cc", "mime-version", "content-type", "content-transfer-encoding", "content-id",
            "content-description", "in-reply-to", "references", "list-id", "list-help", "list-unsubscribe",
            "list-unsubscribe-post", "list-subscribe", "list-post", "list-owner", "list-archive");

    /** What a directory outage means for a message that might have to be signed. */
    public enum KeyUnavailable {
        DEFER, UNSIGNED
    }

    public DkimProperties {
        enabled = enabled == null || enabled;
        signedHeaders = signedHeaders == null || signedHeaders.isEmpty() ? DEFAULT_SIGNED_HEADERS
                : signedHeaders.stream().map(h -> h.trim().toLowerCase(java.util.Locale.ROOT)).distinct().toList();
        maxHeaderFields = maxHeaderFields == null ? 1000 : maxHeaderFields;
        maxHeaderFieldLength = maxHeaderFieldLength == null ? 64 * 1024 : maxHeaderFieldLength;
        onKeyUnavailable = onKeyUnavailable == null ? KeyUnavailable.DEFER : onKeyUnavailable;
        if (!signedHeaders.contains("from")) {
            throw new IllegalArgumentException("mail.delivery.dkim.signed-headers must include from (RFC 6376 5.4)");
        }
        if (maxHeaderFields < 1 || maxHeaderFieldLength < 1) {
            throw new IllegalArgumentException("mail.delivery.dkim.max-header-fields and max-header-field-length "
                    + "must be at least 1");
        }
    }
}
