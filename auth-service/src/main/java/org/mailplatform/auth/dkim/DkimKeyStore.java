package org.mailplatform.auth.dkim;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.mailplatform.auth.domain.Domain;
import org.mailplatform.auth.domain.DomainRemoval;
import org.mailplatform.auth.problem.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The {@code dkim_keys} collection: a domain's keys, which one signs, and removal with the domain.
 *
 * <p><b>One active key per domain and algorithm without transactions.</b> A domain may sign with
 * an RSA and an Ed25519 key at once (RFC 8463 section 5), each rotated on its own. An activation is
 * two single-document writes: the chosen key gets {@code active=true} and {@code activatedAt=now},
 * then every other active key of the domain and algorithm activated <em>before</em> now is
 * switched off. Two concurrent activations
 * therefore never switch each other both off: the later {@code activatedAt} survives the earlier
 * one's sweep and sweeps it away itself. Only two activations in the same millisecond (MongoDB's
 * date precision, hence the truncation) can leave two active keys; {@link #signingKeys} then picks
 * the latest {@code activatedAt}, ties broken by the higher id, so every replica signs with the
 * same key, and the next activation clears the tie.
 */
@Component
public class DkimKeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(DkimKeyStore.class);
    /** The longest DNS name (RFC 1035), which the key's record name must fit in. */
    private static final int MAX_DNS_NAME = 253;

    private final MongoTemplate mongo;
    private final Clock clock;

    public DkimKeyStore(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /**
     * Generates and stores a key. The domain's first key is activated at once (nothing to rotate
     * from); later ones only when asked, so the operator can publish their DNS record first (also a
     * first Ed25519 key next to an RSA one: a signature whose key is not in DNS yet would fail).
     */
    DkimKey create(Domain domain, DkimSelector selector, DkimAlgorithm algorithm, int bits, boolean activate) {
        String id = DkimKey.dnsName(selector.value(), domain.id());
        if (id.length() > MAX_DNS_NAME) {
            throw ApiProblem.badRequest("selector too long: " + id + " exceeds " + MAX_DNS_NAME + " characters");
        }
        if (mongo.exists(query(where("_id").is(id)), DkimKey.class)) {
            throw duplicate(selector, domain);
        }
        boolean first = !mongo.exists(query(where("domain").is(domain.id())), DkimKey.class);
        KeyPair pair = algorithm.generate(bits);
        DkimKey key = new DkimKey(id, domain.id(), domain.tenantId(), selector.value(), algorithm.signatureAlgorithm,
                bits, RsaKeys.base64(pair.getPrivate()), algorithm.publicKeyValue(pair.getPublic()), false,
                clock.instant(), null);
        try {
            mongo.insert(key);
        } catch (DuplicateKeyException raced) {
            throw duplicate(selector, domain);
        }
        LOG.info("DKIM key {} created", key);
        return first || activate ? activate(domain, selector.value()) : key;
    }

    /** The domain's keys, the active ones first, then the newest. */
    List<DkimKey> list(Domain domain) {
        return mongo.find(query(where("domain").is(domain.id())), DkimKey.class).stream()
                .sorted(Comparator.comparing(DkimKey::active).reversed()
                        .thenComparing(DkimKey::createdAt, Comparator.reverseOrder()))
                .toList();
    }

    /**
     * Makes this key the one of its algorithm that signs; the others stay, inactive, so their DNS
     * records keep verifying. The active key of the other algorithm is left as it is.
     */
    DkimKey activate(Domain domain, String selector) {
        String id = DkimKey.dnsName(selector, domain.id());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        DkimKey chosen = mongo.findById(id, DkimKey.class);
        if (chosen == null || mongo.updateFirst(query(where("_id").is(id)),
                new Update().set("active", true).set("activatedAt", now), DkimKey.class).getMatchedCount() == 0) {
            throw ApiProblem.notFound("dkim-key", selector);
        }
        mongo.updateMulti(query(where("domain").is(domain.id()).and("_id").ne(id).and("active").is(true)
                .and("algorithm").is(chosen.algorithm()).and("activatedAt").lt(now)),
                new Update().set("active", false), DkimKey.class);
        DkimKey active = mongo.findById(id, DkimKey.class);
        if (active == null) {
            throw ApiProblem.notFound("dkim-key", selector);
        }
        LOG.info("DKIM key {} activated", active);
        return active;
    }

    /** Removes a key; if it was the active one, the domain's mail goes out unsigned from now on. */
    void delete(Domain domain, String selector) {
        if (mongo.remove(query(where("_id").is(DkimKey.dnsName(selector, domain.id()))), DkimKey.class)
                .getDeletedCount() == 0) {
            throw ApiProblem.notFound("dkim-key", selector);
        }
        LOG.info("DKIM key {} of {} removed", selector, domain.id());
    }

    /**
     * The keys that sign this hosted domain's mail: its active key of each algorithm, RSA first.
     * Only keys made for the domain's current tenant count: a key left behind by an earlier owner
     * of the name never signs. Should two keys of one algorithm be active (two activations in the
     * same millisecond, see above), the latest {@code activatedAt} wins, ties broken by the higher
     * id, so every replica signs with the same key.
     */
    public List<DkimKey> signingKeys(Domain domain) {
        Map<DkimAlgorithm, DkimKey> latest = new EnumMap<>(DkimAlgorithm.class);
        mongo.find(query(where("domain").is(domain.id()).and("active").is(true).and("tenantId").is(domain.tenantId()))
                .with(Sort.by(Sort.Order.desc("activatedAt"), Sort.Order.desc("_id"))), DkimKey.class)
                .forEach(key -> latest.putIfAbsent(DkimAlgorithm.stored(key.algorithm()), key));
        return List.copyOf(latest.values());
    }

    /** The keys go before the domain does, so that none outlives it (see {@link DomainRemoval}). */
    @EventListener
    void domainRemoved(DomainRemoval removal) {
        long removed = mongo.remove(query(where("domain").is(removal.domainId())), DkimKey.class).getDeletedCount();
        if (removed > 0) {
            LOG.info("{} DKIM keys of {} removed with the domain", removed, removal.domainId());
        }
    }

    private static ApiProblem duplicate(DkimSelector selector, Domain domain) {
        return ApiProblem.duplicate("DKIM selector " + selector + " already exists for " + domain.id());
    }
}
