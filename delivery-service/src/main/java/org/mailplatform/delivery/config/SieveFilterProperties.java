package org.mailplatform.delivery.config;

import java.time.Duration;
import java.time.ZoneId;

import org.mailplatform.sieve.SieveEnvironment;
import org.mailplatform.sieve.SieveLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Users' Sieve filters at local delivery ({@code mail.delivery.sieve.*}).
 *
 * @param enabled        run users' active scripts (default {@code true}; needs mailbox-store's script store)
 * @param cacheTtl       how long a user's active script (or that there is none) is remembered per
 *                       instance (default 30s): a script activated or changed over ManageSieve filters
 *                       mail at the latest this long after
 * @param cacheSize      users whose script is remembered at once (default 10000)
 * @param maxActions     actions one run may take (default 32); more is a run-time error: kept
 * @param maxRedirects   distinct redirect addresses per message (default 4, Pigeonhole's
 *                       {@code sieve_max_redirects}); more is a run-time error: kept
 * @param maxHeaderBytes bytes of the queued message read for the header tests (default 64KB); fields
 *                       beyond are not seen
 * @param maxHeaderFields header fields read (default 1000)
 * @param maxBodyText    decoded text the {@code body} test searches (default 64KB)
 * @param maxVariables   distinct variables ({@code variables}) one run may set (default 255, Pigeonhole's);
 *                       more is a run-time error: kept
 * @param maxVariableSize bytes of a variable's value (default 4KB, Pigeonhole's); longer values are cut
 * @param recipientDelimiter the sub-address separator of {@code subaddress}'s {@code :user} and
 *                       {@code :detail} (default auth-service's {@code mail.auth.recipient-delimiter}, else
 *                       {@code +}; empty: no address has a detail)
 * @param timeZone       the zone {@code currentdate} and {@code date} use without {@code :zone} (RFC 5260's
 *                       "server's time zone"; default the JVM's)
 */
@ConfigurationProperties("mail.delivery.sieve")
public record SieveFilterProperties(Boolean enabled, Duration cacheTtl, Integer cacheSize, Integer maxActions,
                              Integer maxRedirects, DataSize maxHeaderBytes, Integer maxHeaderFields,
                              DataSize maxBodyText, Integer maxVariables, DataSize maxVariableSize,
                              String recipientDelimiter, ZoneId timeZone) {

    public SieveFilterProperties {
        enabled = enabled == null || enabled;
        cacheTtl = cacheTtl == null ? Duration.ofSeconds(30) : cacheTtl;
        cacheSize = cacheSize == null ? 10_000 : cacheSize;
        maxActions = maxActions == null ? 32 : maxActions;
        maxRedirects = maxRedirects == null ? 4 : maxRedirects;
        maxHeaderBytes = maxHeaderBytes == null ? DataSize.ofKilobytes(64) : maxHeaderBytes;
        maxHeaderFields = maxHeaderFields == null ? 1000 : maxHeaderFields;
        maxBodyText = maxBodyText == null ? DataSize.ofKilobytes(64) : maxBodyText;
        maxVariables = maxVariables == null ? SieveLimits.DEFAULT_MAX_VARIABLES : maxVariables;
        maxVariableSize = maxVariableSize == null ? DataSize.ofBytes(SieveLimits.DEFAULT_MAX_VARIABLE_SIZE)
                : maxVariableSize;
        recipientDelimiter = recipientDelimiter == null ? SieveEnvironment.DEFAULT_DELIMITER : recipientDelimiter;
        timeZone = timeZone == null ? ZoneId.systemDefault() : timeZone;
    }

    public SieveLimits limits() {
        return new SieveLimits(maxActions, maxRedirects, (int) maxHeaderBytes.toBytes(), maxHeaderFields,
                (int) maxBodyText.toBytes(), maxVariables, (int) Math.min(Integer.MAX_VALUE, maxVariableSize.toBytes()));
    }
}
