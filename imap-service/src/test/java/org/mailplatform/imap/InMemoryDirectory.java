package org.mailplatform.imap;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.Protocol;
import org.mailplatform.directory.client.Resolution;
import org.mailplatform.model.Principal;

/** A {@link Directory} for tests: users with passwords in memory, and a switch that makes it unreachable. */
public final class InMemoryDirectory implements Directory {

    private record User(Principal principal, String password) {
    }

    private final Map<String, User> users = new ConcurrentHashMap<>();
    private volatile boolean down;
    private volatile java.util.function.Consumer<Principal> afterCheck = p -> { };

    public InMemoryDirectory user(String tenant, String address, String password) {
        users.put(address.toLowerCase(), new User(new Principal(tenant, "u-" + address, address), password));
        return this;
    }

    /** A user with a given id: two tenants may hold the same id (tenant isolation tests). */
    public InMemoryDirectory user(String tenant, String userId, String address, String password) {
        users.put(address.toLowerCase(), new User(new Principal(tenant, userId, address), password));
        return this;
    }

    public void down(boolean down) {
        this.down = down;
    }

    /** Runs {@code action} in each successful check, before it answers (a test's event during a login). */
    public void afterCheck(java.util.function.Consumer<Principal> action) {
        this.afterCheck = action;
    }

    @Override
    public AuthResult authenticate(String login, String secret, Protocol protocol, InetAddress client) {
        if (down) {
            return new AuthResult.Unavailable("directory down (test)");
        }
        Principal principal;
        if (login.toLowerCase().endsWith("@test.example") && secret.equals("pw")) {
            // one fresh user per test: any name at test.example with password "pw"
            principal = new Principal("t1", "u-" + login.toLowerCase(), login.toLowerCase());
        } else {
            User u = users.get(login.toLowerCase());
            if (u == null || !u.password().equals(secret)) {
                return new AuthResult.Rejected(AuthResult.Rejected.BAD_CREDENTIALS);
            }
            principal = u.principal();
        }
        afterCheck.accept(principal);
        return new AuthResult.Authenticated(principal);
    }

    @Override
    public Resolution resolve(String recipientAddress) {
        User u = users.get(recipientAddress.toLowerCase());
        return u == null ? new Resolution.UnknownUser() : new Resolution.LocalUser(u.principal());
    }
}
