package org.mailplatform.bench.imap;

import java.net.InetAddress;
import java.util.Locale;

import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.Protocol;
import org.mailplatform.directory.client.Resolution;
import org.mailplatform.model.Principal;

/**
 * The benchmark's directory: every {@code <name>@bench.test} with the one bench password is a user
 * of tenant {@code bench}. Dovecot's side checks a plain passwd file, so neither side pays for
 * password hashing or a directory round trip, and the 10,000-session IDLE run can log in
 * hundreds of users without an auth-service (Argon2id would take minutes on two cores).
 */
final class BenchDirectory implements Directory {

    static final String DOMAIN = "@bench.test";
    static final String PASSWORD = "bench-pass";

    static Principal principal(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        return new Principal("bench", "u-" + a, a);
    }

    @Override
    public AuthResult authenticate(String login, String secret, Protocol protocol, InetAddress client) {
        if (login.toLowerCase(Locale.ROOT).endsWith(DOMAIN) && PASSWORD.equals(secret)) {
            return new AuthResult.Authenticated(principal(login));
        }
        return new AuthResult.Rejected(AuthResult.Rejected.BAD_CREDENTIALS);
    }

    @Override
    public Resolution resolve(String recipientAddress) {
        return recipientAddress.toLowerCase(Locale.ROOT).endsWith(DOMAIN)
                ? new Resolution.LocalUser(principal(recipientAddress)) : new Resolution.UnknownUser();
    }
}
