package org.mailplatform.mailbox.gc;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The blob garbage collector.
 *
 * @param enabled        run it (default true)
 * @param interval       pause between runs (default 1h)
 * @param gracePeriod    only blobs older than this are candidates, so an append that has written its
 *                       blob but not yet its message document is never robbed (default 24h)
 * @param lookbackMonths how many months of blob keys (per tenant) each run examines (default 24)
 * @param batchSize      most keys listed per tenant, month and key shard in one run (default 10000)
 */
@ConfigurationProperties("mail.mailbox.gc")
public record GcProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1h") Duration interval,
                           @DefaultValue("24h") Duration gracePeriod, @DefaultValue("24") int lookbackMonths,
                           @DefaultValue("10000") int batchSize) {
}
