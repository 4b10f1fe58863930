package org.mailplatform.delivery.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Finds the mail exchangers of a domain with dnsjava (RFC 5321 section 5.1): MX records by
 * preference (equal preferences in random order), each resolved to its A and AAAA addresses; no MX
 * at all means the domain itself is the exchanger (implicit MX); a single MX with the root as target
 * is a null MX (RFC 7505). Uses the given resolver (configured DNS servers), not the JVM's.
 */
public final class MxResolver {

    private final Resolver resolver;
    private final int maxHosts;

    /**
     * @param maxHosts most exchangers returned (RFC 5321 suggests trying a bounded number)
     */
    public MxResolver(Resolver resolver, int maxHosts) {
        this.resolver = resolver;
        this.maxHosts = maxHosts;
    }

    public Route resolve(String domain) {
        Name name;
        try {
            name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            return new Route.NoSuchDomain("invalid domain " + domain);
        }
        Lookup mx = lookup(name, Type.MX);
        switch (mx.getResult()) {
            case Lookup.SUCCESSFUL -> {
                return exchangers(mx.getAnswers());
            }
            case Lookup.TYPE_NOT_FOUND -> {
                Route.Host implicit = host(name);
                if (implicit == null) {
                    return new Route.TemporaryFailure("no address for " + domain);
                }
                return implicit.addresses().isEmpty()
                        ? new Route.NoSuchDomain("no MX and no address for " + domain)
                        : new Route.Hosts(List.of(implicit));
            }
            case Lookup.HOST_NOT_FOUND -> {
                return new Route.NoSuchDomain("domain " + domain + " does not exist");
            }
            default -> {
                return new Route.TemporaryFailure("MX lookup for " + domain + ": " + mx.getErrorString());
            }
        }
    }

    private Route exchangers(Record[] answers) {
        Map<Integer, List<Name>> byPreference = new TreeMap<>();
        for (Record r : answers) {
            if (r instanceof MXRecord m) {
                byPreference.computeIfAbsent(m.getPriority(), k -> new ArrayList<>()).add(m.getTarget());
            }
        }
        List<Name> ordered = new ArrayList<>();
        byPreference.values().forEach(names -> {
            Collections.shuffle(names);
            ordered.addAll(names);
        });
        if (ordered.size() == 1 && ordered.getFirst().equals(Name.root)) {
            return new Route.NullMx();
        }
        List<Route.Host> hosts = new ArrayList<>();
        boolean temporary = false;
        for (Name target : ordered) {
            if (target.equals(Name.root) || hosts.size() >= maxHosts) {
                continue;
            }
            Route.Host h = host(target);
            if (h == null) {
                temporary = true;
            } else if (!h.addresses().isEmpty()) {
                hosts.add(h);
            }
        }
        if (hosts.isEmpty()) {
            return temporary ? new Route.TemporaryFailure("no exchanger address could be resolved")
                    : new Route.NoSuchDomain("no exchanger has an address");
        }
        return new Route.Hosts(hosts);
    }

    /** The host's addresses (IPv4 first), an empty host when it has none, null on a DNS failure. */
    private Route.Host host(Name name) {
        List<InetAddress> addresses = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Lookup l = lookup(name, type);
            int result = l.getResult();
            if (result == Lookup.TRY_AGAIN || result == Lookup.UNRECOVERABLE) {
                return null;
            }
            if (result == Lookup.SUCCESSFUL) {
                for (Record r : l.getAnswers()) {
                    if (r instanceof ARecord a) {
                        addresses.add(a.getAddress());
                    } else if (r instanceof AAAARecord a) {
                        addresses.add(a.getAddress());
                    }
                }
            }
        }
        addresses.sort(Comparator.comparing(a -> a.getAddress().length));
        String text = name.toString(true);
        List<InetAddress> named = new ArrayList<>();
        for (InetAddress a : addresses) {
            try {
                named.add(InetAddress.getByAddress(text, a.getAddress()));
            } catch (UnknownHostException impossible) {
                named.add(a);
            }
        }
        return new Route.Host(text, named);
    }

    private Lookup lookup(Name name, int type) {
        Lookup l = new Lookup(name, type);
        l.setResolver(resolver);
        l.setCache(null);
        l.run();
        return l;
    }
}
