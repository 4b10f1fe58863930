package org.mailplatform.delivery.config;

import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Delivery status notifications ({@code mail.delivery.dsn.*}).
 *
 * @param maxFullReturn largest original returned whole in a DSN when the sender gave no RET
 *                      (default 1MB); larger ones are returned as headers only. RET=FULL always
 *                      returns the whole message.
 * @param blobPrefix    blob key prefix of generated DSNs (default {@code inbound}, as queued mail)
 */
@ConfigurationProperties("mail.delivery.dsn")
public record DsnProperties(DataSize maxFullReturn, String blobPrefix) {

    public DsnProperties {
        maxFullReturn = maxFullReturn == null ? DataSize.ofMegabytes(1) : maxFullReturn;
        blobPrefix = blobPrefix == null ? "inbound" : blobPrefix;
    }
}
