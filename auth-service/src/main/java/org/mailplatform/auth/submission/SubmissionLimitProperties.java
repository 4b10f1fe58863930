package org.mailplatform.auth.submission;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cluster-wide submission limits per authenticated user, over any 60 minutes and per UTC day. The
 * defaults are smtp-ingress's node-local ones ({@code mail.smtp.limits.messages-per-hour/-per-day}),
 * which it falls back to while this service cannot answer.
 *
 * @param perHour messages a user may submit in any 60 minutes (default 200)
 * @param perDay  messages a user may submit in one UTC day (default 1000)
 */
@ConfigurationProperties("mail.auth.submission-limits")
public record SubmissionLimitProperties(@DefaultValue("200") int perHour, @DefaultValue("1000") int perDay) {

    public SubmissionLimitProperties {
        if (perHour < 1 || perDay < 1) {
            throw new IllegalArgumentException("mail.auth.submission-limits.per-hour and per-day must be at least 1");
        }
    }
}
