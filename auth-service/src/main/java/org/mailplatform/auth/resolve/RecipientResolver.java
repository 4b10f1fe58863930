package org.mailplatform.auth.resolve;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.mailplatform.auth.AuthProperties;
import org.mailplatform.auth.address.DomainName;
import org.mailplatform.auth.address.InvalidAddressException;
import org.mailplatform.auth.address.MailAddress;
import org.mailplatform.auth.alias.Alias;
import org.mailplatform.auth.alias.AliasRepository;
import org.mailplatform.auth.domain.Domain;
import org.mailplatform.auth.domain.DomainRepository;
import org.mailplatform.auth.srs.SrsReverseMap;
import org.mailplatform.auth.user.User;
import org.mailplatform.auth.user.UserRepository;
import org.mailplatform.directory.client.Resolution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Answers what a recipient address stands for, in Postfix's order: domain alias rewrite, exact
 * user, exact alias, the address without its sub-address ({@code alice+tag}), the domain's
 * catch-all, else unknown. Aliases of aliases are expanded here (bounded depth, loops cut), so
 * every target handed out is a user's address, a remote address, or a local address that no
 * longer exists.
 *
 * <p>Before all that, an SRS address at the SRS domain ({@code mail.srs.domain}) stands for the
 * original sender it was rewritten from, as if it were an alias to that address; a forged or expired
 * one is an unknown user. The SRS domain counts as local even when no tenant hosts it.
 */
@Component
public class RecipientResolver {

    private static final Logger LOG = LoggerFactory.getLogger(RecipientResolver.class);

    private final DomainRepository domains;
    private final UserRepository users;
    private final AliasRepository aliases;
    private final AuthProperties properties;
    private final SrsReverseMap srs;

    public RecipientResolver(DomainRepository domains, UserRepository users, AliasRepository aliases,
            AuthProperties properties, SrsReverseMap srs) {
        this.domains = domains;
        this.users = users;
        this.aliases = aliases;
        this.properties = properties;
        this.srs = srs;
    }

    public Resolution resolve(String recipient) {
        Resolution resolution = resolve(recipient, 0, new LinkedHashSet<>());
        if (resolution instanceof Resolution.Expanded expanded && expanded.targets().isEmpty()) {
            return new Resolution.UnknownUser();
        }
        return resolution;
    }

    /** The hosted (non-alias) domain an address's domain stands for, if the domain is ours. */
    public Optional<Domain> canonicalDomain(String asciiDomain) {
        Optional<Domain> domain = domains.findById(asciiDomain);
        if (domain.isPresent() && domain.get().isAlias()) {
            return domains.findById(domain.get().aliasOf());
        }
        return domain;
    }

    private Resolution resolve(String recipient, int depth, Set<String> seen) {
        if (recipient != null && srs.isSrsAddress(recipient.strip())) {
            // checked before users, aliases and catch-all, so that a forged SRS address is refused
            // even at a hosted SRS domain with a catch-all (it would collect the backscatter)
            String text = recipient.strip();
            return srs.reverse(text)
                    .<Resolution>map(original -> new Resolution.Expanded(
                            expand(List.of(original), depth, with(seen, keyOf(text)))))
                    .orElseGet(Resolution.UnknownUser::new);
        }
        MailAddress address;
        try {
            address = MailAddress.parse(recipient);
        } catch (InvalidAddressException e) {
            int at = recipient == null ? -1 : recipient.lastIndexOf('@');
            return at >= 0 && recipient.startsWith("[", at + 1) ? new Resolution.NotLocalDomain()
                    : new Resolution.UnknownUser();
        }
        Optional<Domain> domain = canonicalDomain(address.domain().ascii());
        if (domain.isEmpty()) {
            // our MX receives the SRS domain's mail: postmaster@ there is ours to refuse
            return srs.isSrsDomain(address.domain().ascii()) ? new Resolution.UnknownUser()
                    : new Resolution.NotLocalDomain();
        }
        MailAddress canonical = address.withDomain(new DomainName(domain.get().id(), domain.get().unicode()));
        Optional<Resolution> exact = lookup(canonical, depth, seen);
        if (exact.isPresent()) {
            return exact.get();
        }
        String delimiter = properties.recipientDelimiter();
        if (!delimiter.isEmpty()) {
            int cut = canonical.localPart().indexOf(delimiter);
            if (cut > 0) {
                Optional<Resolution> base = lookup(canonical.withLocalPart(canonical.localPart().substring(0, cut)),
                        depth, seen);
                if (base.isPresent()) {
                    return base.get();
                }
            }
        }
        if (!domain.get().catchAllTargets().isEmpty()) {
            return new Resolution.Expanded(expand(domain.get().catchAllTargets(), depth, with(seen, canonical.key())));
        }
        return new Resolution.UnknownUser();
    }

    private Optional<Resolution> lookup(MailAddress address, int depth, Set<String> seen) {
        Optional<User> user = users.findByAddressKey(address.key());
        if (user.isPresent()) {
            return Optional.of(new Resolution.LocalUser(user.get().principal()));
        }
        Optional<Alias> alias = aliases.findById(address.key());
        return alias.map(a -> new Resolution.Expanded(expand(a.targets(), depth, with(seen, address.key()))));
    }

    private List<String> expand(List<String> targets, int depth, Set<String> seen) {
        Set<String> out = new LinkedHashSet<>();
        for (String target : targets) {
            String key = keyOf(target);
            if (seen.contains(key)) {
                LOG.warn("alias loop through {} dropped", target);
                continue;
            }
            if (depth + 1 > properties.maxAliasDepth()) {
                LOG.warn("alias expansion deeper than {} at {}", properties.maxAliasDepth(), target);
                out.add(target);
                continue;
            }
            switch (resolve(target, depth + 1, with(seen, key))) {
                case Resolution.LocalUser u -> out.add(u.principal().address());
                case Resolution.Expanded e -> out.addAll(e.targets());
                default -> out.add(target);
            }
        }
        return new ArrayList<>(out);
    }

    /** The addresses on the path to here: a loop is a target already on it, not any repeat. */
    private static Set<String> with(Set<String> path, String key) {
        Set<String> copy = new LinkedHashSet<>(path);
        copy.add(key);
        return copy;
    }

    private static String keyOf(String address) {
        try {
            return MailAddress.parse(address).key();
        } catch (InvalidAddressException e) {
            return address.toLowerCase(Locale.ROOT);
        }
    }
}
