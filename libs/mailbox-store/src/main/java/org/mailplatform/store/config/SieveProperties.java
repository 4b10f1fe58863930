package org.mailplatform.store.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits on users' Sieve scripts ({@code mail.store.sieve.*}). A record of its own rather than more
 * components of {@link MailboxStoreProperties}, so the store's constructor stays as callers know it.
 *
 * @param maxScripts    most scripts one user keeps (default 20)
 * @param maxScriptSize largest script, UTF-8 bytes (default 64KB)
 * @param maxNameLength longest script name in characters (default 128)
 */
@ConfigurationProperties("mail.store.sieve")
public record SieveProperties(Integer maxScripts, DataSize maxScriptSize, Integer maxNameLength) {

    public SieveProperties {
        maxScripts = maxScripts == null ? 20 : maxScripts;
        maxScriptSize = maxScriptSize == null ? DataSize.ofKilobytes(64) : maxScriptSize;
        maxNameLength = maxNameLength == null ? 128 : maxNameLength;
        if (maxScripts < 1 || maxScriptSize.toBytes() < 1 || maxNameLength < 1) {
            throw new IllegalArgumentException("mail.store.sieve.* limits must be at least 1");
        }
    }

    /** All defaults. */
    public static SieveProperties defaults() {
        return new SieveProperties(null, null, null);
    }
}
