package org.mailplatform.delivery.config;

import org.mailplatform.delivery.local.OverQuotaPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Local delivery ({@code mail.delivery.local.*}). Quota limits themselves are mailbox-store's
 * ({@code mail.store.quota-bytes}, {@code mail.store.quota-messages}).
 *
 * @param overQuota {@code bounce} (default: DSN with 5.2.2 at once) or {@code defer} (retry on the
 *                  retry schedule, bounce with 5.2.2 when the message expires)
 */
@ConfigurationProperties("mail.delivery.local")
public record LocalDeliveryProperties(OverQuotaPolicy overQuota) {

    public LocalDeliveryProperties {
        overQuota = overQuota == null ? OverQuotaPolicy.BOUNCE : overQuota;
    }
}
