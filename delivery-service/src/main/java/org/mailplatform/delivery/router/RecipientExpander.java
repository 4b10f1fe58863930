package org.mailplatform.delivery.router;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.Resolution;
import org.mailplatform.model.Principal;

/**
 * Expands one envelope recipient through the directory: aliases (recursively), domain aliases and
 * catch-alls, into local users and remote addresses, like Postfix's virtual alias expansion.
 *
 * <ul>
 *   <li>An address met again on its own expansion path is a loop: that branch is dropped. If
 *       nothing deliverable remains the recipient fails with {@code 5.4.6}.</li>
 *   <li>An address met again on another branch is a duplicate and is delivered once.</li>
 *   <li>Deeper than {@code maxDepth} levels: the branch is dropped as a loop.</li>
 *   <li>More than {@code maxTargets} addresses visited: the recipient fails with {@code 5.5.3}
 *       (no partial expansion, so the result does not depend on the order of alias targets).</li>
 *   <li>An unknown local target is dropped; if nothing deliverable remains: {@code 5.1.1}.</li>
 * </ul>
 * Never answers for an unreachable directory: throws {@link DirectoryUnavailableException}.
 */
public final class RecipientExpander {

    private final Directory directory;
    private final int maxDepth;
    private final int maxTargets;

    public RecipientExpander(Directory directory, int maxDepth, int maxTargets) {
        this.directory = directory;
        this.maxDepth = maxDepth;
        this.maxTargets = maxTargets;
    }

    public Expansion expand(String address) {
        Walk walk = new Walk();
        walk.visit(address, 0, new HashSet<>());
        if (walk.tooMany) {
            return new Expansion.Failed("5.5.3", "alias expansion of " + address + " exceeds " + maxTargets
                    + " addresses");
        }
        if (walk.local.isEmpty() && walk.remote.isEmpty()) {
            if (walk.loop) {
                return new Expansion.Failed("5.4.6", "mail forwarding loop for " + address);
            }
            return new Expansion.Failed("5.1.1", "unknown user: " + address);
        }
        return new Expansion.Targets(List.copyOf(walk.local.values()), List.copyOf(walk.remote), walk.dropped);
    }

    private final class Walk {
        final Map<String, Principal> local = new LinkedHashMap<>();
        final Set<String> remote = new LinkedHashSet<>();
        final Set<String> seen = new HashSet<>();
        final List<String> dropped = new ArrayList<>();
        boolean loop;
        boolean tooMany;

        void visit(String address, int depth, Set<String> path) {
            if (tooMany) {
                return;
            }
            String key = address.toLowerCase(Locale.ROOT);
            if (path.contains(key) || depth > maxDepth) {
                loop = true;
                dropped.add(address);
                return;
            }
            if (!seen.add(key)) {
                return;
            }
            if (seen.size() > maxTargets) {
                tooMany = true;
                return;
            }
            switch (directory.resolve(address)) {
                case Resolution.LocalUser u -> local.putIfAbsent(u.principal().userId(), u.principal());
                case Resolution.NotLocalDomain n -> remote.add(address);
                case Resolution.UnknownUser u -> dropped.add(address);
                case Resolution.Unavailable u -> throw new DirectoryUnavailableException(u.detail());
                case Resolution.Expanded e -> {
                    path.add(key);
                    for (String target : e.targets()) {
                        visit(target, depth + 1, path);
                    }
                    path.remove(key);
                }
            }
        }
    }
}
