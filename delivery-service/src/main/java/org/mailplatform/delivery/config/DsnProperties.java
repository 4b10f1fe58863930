package org.mailplatform.delivery.config;

import java.time.Duration;

import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Delivery status notifications ({@code mail.delivery.dsn.*}).
 *
 * @param maxFullReturn largest original returned whole in a DSN when the sender gave no RET
 *                      (default 1MB); larger ones are returned as headers only. RET=FULL always
 *                      returns the whole message.
 * @param blobPrefix    blob key prefix of generated DSNs (default {@code inbound}, as queued mail)
 * @param delayWarningAfter send one delay notice ({@code Action: delayed}) to the sender once a
 *                      message has waited this long since receipt; {@code 0} (default) sends none
 * @param delayWithoutNotify whether recipients without NOTIFY get delay notices (default
 *                      {@code true}); with NOTIFY, only those that list DELAY get one
 */
@ConfigurationProperties("mail.delivery.dsn")
public record DsnProperties(DataSize maxFullReturn, String blobPrefix, Duration delayWarningAfter,
                            Boolean delayWithoutNotify) {

    public DsnProperties {
        delayWarningAfter = delayWarningAfter == null ? Duration.ZERO : delayWarningAfter;
        delayWithoutNotify = delayWithoutNotify == null || delayWithoutNotify;
        maxFullReturn = maxFullReturn == null ? DataSize.ofMegabytes(1) : maxFullReturn;
        blobPrefix = blobPrefix == null ? "inbound" : blobPrefix;
    }
}
