package org.mailplatform.mailbox.api;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.mailplatform.model.Principal;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Recounts quota usage for an operator ({@code mailctl quota recalc}), as Dovecot's {@code doveadm
 * quota recalc}: a user's counter from their messages, a domain's from its users' counters. Admins
 * only; safe to repeat.
 */
@RestController
class QuotaRecalculationController {

    private static final Logger log = LoggerFactory.getLogger(QuotaRecalculationController.class);

    /** A counter before and after the recount. */
    record RecalculatedView(long bytesBefore, long messagesBefore, long bytes, long messages) {
        static RecalculatedView of(StoreMaintenance.RecalculatedQuota q) {
            return new RecalculatedView(q.bytesBefore(), q.messagesBefore(), q.bytes(), q.messages());
        }
    }

    private final StoreMaintenance maintenance;
    private final Principals principals;
    private final java.util.Map<String, Counter> recounts = new java.util.HashMap<>();

    QuotaRecalculationController(MongoTemplate mongo, Principals principals, MeterRegistry meters) {
        this.maintenance = new StoreMaintenance(mongo);
        this.principals = principals;
        // registered up front, so the series exist (at zero) before the first recount
        for (String scope : new String[] {"user", "domain"}) {
            for (String outcome : new String[] {"changed", "unchanged"}) {
                recounts.put(scope + "/" + outcome, Counter.builder("mail.quota.recalculated")
                        .description("quota counters recounted by an operator").tag("scope", scope)
                        .tag("outcome", outcome).register(meters));
            }
        }
    }

    @PostMapping("/api/mail/users/{userId}/quota/recalculate")
    RecalculatedView user(HttpServletRequest request, @PathVariable String userId,
                          @RequestParam(required = false) String tenant) {
        Principal owner = principals.resolve(request, userId, tenant);
        StoreMaintenance.RecalculatedQuota q = maintenance.recalculateQuota(owner);
        counted("user", q);
        log.info("recalculated the quota of user {} of tenant {}: {} bytes, {} messages (were {}, {})", owner.userId(),
                owner.tenantId(), q.bytes(), q.messages(), q.bytesBefore(), q.messagesBefore());
        return RecalculatedView.of(q);
    }

    @PostMapping("/api/mail/domains/{domain}/quota/recalculate")
    RecalculatedView domain(HttpServletRequest request, @PathVariable String domain,
                            @RequestParam(required = false) String tenant) {
        String tenantId = principals.adminTenant(request, tenant);
        if (domain.isBlank() || domain.contains("/") || domain.contains("@")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not a domain name: " + domain);
        }
        StoreMaintenance.RecalculatedQuota q = maintenance.recalculateDomainQuota(tenantId,
                domain.toLowerCase(Locale.ROOT));
        counted("domain", q);
        log.info("recalculated the quota of domain {} of tenant {}: {} bytes, {} messages (were {}, {})", domain,
                tenantId, q.bytes(), q.messages(), q.bytesBefore(), q.messagesBefore());
        return RecalculatedView.of(q);
    }

    private void counted(String scope, StoreMaintenance.RecalculatedQuota q) {
        boolean changed = q.bytes() != q.bytesBefore() || q.messages() != q.messagesBefore();
        recounts.get(scope + "/" + (changed ? "changed" : "unchanged")).increment();
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail busy(IllegalStateException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(DataAccessResourceFailureException.class)
    ProblemDetail unavailable(DataAccessResourceFailureException e) {
        log.warn("recalculating a quota failed, MongoDB unavailable: {}", e.toString());
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "MongoDB unavailable; run it again");
    }
}
