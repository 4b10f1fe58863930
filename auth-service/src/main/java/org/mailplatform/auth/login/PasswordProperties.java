package org.mailplatform.auth.login;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How account passwords are hashed (Argon2id, RFC 9106) and what is accepted as one.
 *
 * @param argon2MemoryKib  Argon2id memory cost in KiB (default 19456 = 19 MiB, the OWASP minimum)
 * @param argon2Iterations Argon2id time cost (default 2)
 * @param argon2Parallelism Argon2id lanes (default 1)
 * @param minLength        shortest password an admin may set (default 8 characters)
 * @param maxLength        longest password accepted anywhere, so a megabyte "password" cannot burn
 *                         CPU in the hash (default 1024 characters)
 */
@ConfigurationProperties("mail.auth.password")
public record PasswordProperties(@DefaultValue("19456") int argon2MemoryKib, @DefaultValue("2") int argon2Iterations,
        @DefaultValue("1") int argon2Parallelism, @DefaultValue("8") int minLength,
        @DefaultValue("1024") int maxLength) {
}
