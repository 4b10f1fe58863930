package org.mailplatform.auth.admin;

import java.text.ParseException;
import java.time.Instant;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The RSA key that signs auth-service's tokens (admin tokens and users' mail API tokens). The first replica to start generates it and stores it in
 * MongoDB; every other replica (and every restart) loads the same key, so a token issued by one
 * replica is valid at all of them and survives restarts.
 */
@Component
public class SigningKeys {

    @Document("signing_keys")
    record StoredKey(@Id String id, String jwk, Instant createdAt) {
    }

    private static final String CURRENT = "admin-jwt";

    private final MongoTemplate mongo;
    private volatile RSAKey key;

    public SigningKeys(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public RSAKey current() {
        RSAKey loaded = key;
        if (loaded == null) {
            synchronized (this) {
                if (key == null) {
                    key = loadOrCreate();
                }
                loaded = key;
            }
        }
        return loaded;
    }

    /** Signs these claims with the current key (RS256, its key id in the header) and serialises them. */
    public String sign(JWTClaimsSet claims) {
        RSAKey signing = current();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signing.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(signing));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    /** The public half, as the gateway fetches it (RFC 7517 JWK Set). */
    public JWKSet publicKeys() {
        return new JWKSet(current().toPublicJWK());
    }

    private RSAKey loadOrCreate() {
        StoredKey stored = mongo.findById(CURRENT, StoredKey.class);
        if (stored == null) {
            try {
                RSAKey generated = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
                mongo.insert(new StoredKey(CURRENT, generated.toJSONString(), Instant.now()));
                return generated;
            } catch (DuplicateKeyException raced) {
                stored = mongo.findById(CURRENT, StoredKey.class);
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot generate the admin token key", e);
            }
        }
        try {
            return RSAKey.parse(stored.jwk());
        } catch (ParseException e) {
            throw new IllegalStateException("stored admin token key is unreadable", e);
        }
    }
}
