package org.mailplatform.auth.login;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes passwords with Argon2id and verifies Argon2id or bcrypt hashes (bcrypt only arrives by
 * import from older systems; {@link #needsRehash} tells the login path to replace it with Argon2id
 * once the clear password is known). Hashes use the PHC string format, e.g.
 * {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}.
 */
@Component
public class PasswordHasher {

    private final Argon2PasswordEncoder argon2;
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    private final PasswordProperties properties;
    /** Verified against when the user does not exist, so a miss costs as much time as a hit. */
    private final String dummyHash;

    public PasswordHasher(PasswordProperties properties) {
        this.properties = properties;
        this.argon2 = new Argon2PasswordEncoder(16, 32, properties.argon2Parallelism(), properties.argon2MemoryKib(),
                properties.argon2Iterations());
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.dummyHash = argon2.encode(HexFormat.of().formatHex(random));
    }

    public String hash(String password) {
        return argon2.encode(password);
    }

    /** Whether the stored hash is one this service can verify (Argon2id or bcrypt). */
    public static boolean isSupportedHash(String hash) {
        return hash != null && (hash.startsWith("$argon2id$") || isBcrypt(hash));
    }

    public boolean matches(String password, String storedHash) {
        if (password == null || password.length() > properties.maxLength() || storedHash == null) {
            return false;
        }
        if (isBcrypt(storedHash)) {
            return bcrypt.matches(password, storedHash);
        }
        if (storedHash.startsWith("$argon2id$")) {
            return argon2.matches(password, storedHash);
        }
        return false;
    }

    /** Spends the time of one verification without a user, against timing probes for user names. */
    public void burnVerification(String password) {
        argon2.matches(password == null ? "" : password, dummyHash);
    }

    /** True for bcrypt hashes and for Argon2id hashes with weaker parameters than configured. */
    public boolean needsRehash(String storedHash) {
        return isBcrypt(storedHash) || argon2.upgradeEncoding(storedHash);
    }

    /** Checks an admin-chosen password against the configured length limits. */
    public void checkAcceptable(String password) {
        if (password == null || password.length() < properties.minLength()) {
            throw new IllegalArgumentException("password must have at least " + properties.minLength() + " characters");
        }
        if (password.length() > properties.maxLength()) {
            throw new IllegalArgumentException("password must have at most " + properties.maxLength() + " characters");
        }
    }

    private static boolean isBcrypt(String hash) {
        return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$");
    }
}
