package org.mailplatform.auth.dkim;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.mailplatform.auth.admin.AdminCaller;
import org.mailplatform.auth.domain.Domain;
import org.mailplatform.auth.domain.DomainAccess;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of a domain's DKIM keys. Another tenant's domain is answered as a missing one. The
 * private key never leaves through this API: only the internal one hands it to the signer.
 */
@RestController
@RequestMapping("/api/admin/domains/{name}/dkim")
class DkimKeyController {

    /**
     * @param algorithm {@code rsa} (the default) or {@code ed25519} (RFC 8463); also as
     *                  {@code rsa-sha256}, {@code ed25519-sha256}
     * @param bits      RSA modulus length; none (or 256) for Ed25519
     */
    record CreateKey(String selector, Integer bits, Boolean activate, String algorithm) {
    }

    record KeyView(String domain, String selector, String algorithm, int bits, boolean active, String dnsName,
            String dnsRecord, Instant createdAt, Instant activatedAt) {
        static KeyView of(DkimKey key) {
            return new KeyView(key.domain(), key.selector(), DkimAlgorithm.stored(key.algorithm()).signatureAlgorithm,
                    key.bits(), key.active(), key.dnsName(), key.dnsRecord(), key.createdAt(), key.activatedAt());
        }
    }

    private final DkimKeyStore keys;
    private final DomainAccess access;
    private final Clock clock;

    DkimKeyController(DkimKeyStore keys, DomainAccess access, Clock clock) {
        this.keys = keys;
        this.access = access;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    KeyView create(AdminCaller caller, @PathVariable String name, @RequestBody(required = false) CreateKey request) {
        CreateKey body = request == null ? new CreateKey(null, null, null, null) : request;
        Domain domain = access.requireVisible(caller, name);
        // no suffix is invented for a taken default: the operator picks the next selector knowingly
        DkimSelector selector = body.selector() == null ? DkimSelector.monthOf(clock.instant())
                : DkimSelector.parse(body.selector());
        DkimAlgorithm algorithm = DkimAlgorithm.requested(body.algorithm());
        int bits = algorithm.bits(body.bits());
        return KeyView.of(keys.create(domain, selector, algorithm, bits, Boolean.TRUE.equals(body.activate())));
    }

    @GetMapping
    List<KeyView> list(AdminCaller caller, @PathVariable String name) {
        return keys.list(access.requireVisible(caller, name)).stream().map(KeyView::of).toList();
    }

    @PostMapping("/{selector}/activate")
    KeyView activate(AdminCaller caller, @PathVariable String name, @PathVariable String selector) {
        return KeyView.of(keys.activate(access.requireVisible(caller, name), DkimSelector.parse(selector).value()));
    }

    @DeleteMapping("/{selector}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(AdminCaller caller, @PathVariable String name, @PathVariable String selector) {
        keys.delete(access.requireVisible(caller, name), DkimSelector.parse(selector).value());
    }
}
