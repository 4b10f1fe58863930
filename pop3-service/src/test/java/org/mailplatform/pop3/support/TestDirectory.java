package org.mailplatform.pop3.support;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.Protocol;
import org.mailplatform.directory.client.Resolution;
import org.mailplatform.model.Principal;

/** A directory of users registered by the tests; can pretend to be unreachable. */
public final class TestDirectory implements Directory {

    private record Account(String password, Principal principal) {
    }

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean unavailable;
    private volatile java.util.function.Consumer<Principal> afterCheck = p -> { };

    public void register(Principal principal, String password) {
        accounts.put(principal.address(), new Account(password, principal));
    }

    public void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /** Runs {@code action} in each successful check, before it answers (a test's event during a login). */
    public void afterCheck(java.util.function.Consumer<Principal> action) {
        this.afterCheck = action;
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public AuthResult authenticate(String login, String secret, Protocol protocol, InetAddress client) {
        calls.incrementAndGet();
        if (unavailable) {
            return new AuthResult.Unavailable("test directory is down");
        }
        Account account = accounts.get(login);
        if (protocol != Protocol.POP3 || account == null || !account.password().equals(secret)) {
            return new AuthResult.Rejected(AuthResult.Rejected.BAD_CREDENTIALS);
        }
        afterCheck.accept(account.principal());
        return new AuthResult.Authenticated(account.principal());
    }

    @Override
    public Resolution resolve(String recipientAddress) {
        Account account = accounts.get(recipientAddress);
        return account == null ? new Resolution.UnknownUser() : new Resolution.LocalUser(account.principal());
    }
}
