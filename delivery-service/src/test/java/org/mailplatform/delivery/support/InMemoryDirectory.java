package org.mailplatform.delivery.support;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.DkimKeyResult;
import org.mailplatform.directory.client.DkimKeys;
import org.mailplatform.directory.client.Protocol;
import org.mailplatform.directory.client.Resolution;
import org.mailplatform.model.Principal;

/**
 * A directory for tests: users, aliases (one level per call: the router expands recursively),
 * domain aliases, catch-alls, DKIM keys; can be switched to answer {@link Resolution.Unavailable}.
 */
public final class InMemoryDirectory implements Directory, DkimKeys {

    public static final String TENANT = "t1";

    private final Map<String, Principal> users = new ConcurrentHashMap<>();
    private final Map<String, List<String>> aliases = new ConcurrentHashMap<>();
    private final Map<String, String> domainAliases = new ConcurrentHashMap<>();
    private final Map<String, String> catchAlls = new ConcurrentHashMap<>();
    private final Set<String> localDomains = ConcurrentHashMap.newKeySet();
    private final Map<String, DkimKeyResult.SigningKeys> dkimKeys = new ConcurrentHashMap<>();
    private final AtomicBoolean unavailable = new AtomicBoolean();
    private final AtomicInteger calls = new AtomicInteger();

    public Principal addUser(String address) {
        Principal p = new Principal(TENANT, "u-" + address.toLowerCase(Locale.ROOT).replace('@', '.'), address);
        users.put(address.toLowerCase(Locale.ROOT), p);
        localDomains.add(domain(address));
        return p;
    }

    public void addAlias(String address, String... targets) {
        aliases.put(address.toLowerCase(Locale.ROOT), List.of(targets));
        localDomains.add(domain(address));
    }

    public void addDomainAlias(String alias, String target) {
        domainAliases.put(alias, target);
        localDomains.add(alias);
    }

    public void addCatchAll(String domain, String target) {
        catchAlls.put(domain, target);
        localDomains.add(domain);
    }

    public void addDkimKey(DkimKeyResult.SigningKeys key) {
        dkimKeys.put(key.domain(), key);
    }

    public void unavailable(boolean down) {
        unavailable.set(down);
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public AuthResult authenticate(String login, String secret, Protocol protocol, InetAddress client) {
        return new AuthResult.Rejected(AuthResult.Rejected.BAD_CREDENTIALS);
    }

    @Override
    public Resolution resolve(String recipientAddress) {
        calls.incrementAndGet();
        if (unavailable.get()) {
            return new Resolution.Unavailable("test outage");
        }
        String a = recipientAddress.toLowerCase(Locale.ROOT);
        String d = domain(a);
        if (domainAliases.containsKey(d)) {
            return resolve(a.substring(0, a.lastIndexOf('@') + 1) + domainAliases.get(d));
        }
        if (users.containsKey(a)) {
            return new Resolution.LocalUser(users.get(a));
        }
        if (aliases.containsKey(a)) {
            return new Resolution.Expanded(aliases.get(a));
        }
        if (catchAlls.containsKey(d)) {
            return new Resolution.Expanded(List.of(catchAlls.get(d)));
        }
        return localDomains.contains(d) ? new Resolution.UnknownUser() : new Resolution.NotLocalDomain();
    }

    @Override
    public DkimKeyResult signingKeys(String domain) {
        if (unavailable.get()) {
            return new DkimKeyResult.Unavailable("test outage");
        }
        DkimKeyResult.SigningKeys key = dkimKeys.get(domain.toLowerCase(Locale.ROOT));
        return key == null ? new DkimKeyResult.NoKey() : key;
    }

    private static String domain(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }
}
