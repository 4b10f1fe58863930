package org.mailplatform.mailbox.api;

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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Deletes all of one user's mail data (Sieve scripts and vacation records included), for an account that is being deleted ({@code mailctl user
 * remove} calls it before it deletes the account): admins only. Idempotent, so an operator runs it
 * again after a failure. Message blobs are deleted later by the blob garbage collector.
 */
@RestController
class UserDataController {

    private static final Logger log = LoggerFactory.getLogger(UserDataController.class);

    /** What was deleted: documents, the usage given back to the domain's quota, and Sieve scripts. */
    record DeletedView(long mailboxes, long messages, long quotaBytes, long quotaMessages, long sieveScripts) {
    }

    private final StoreMaintenance maintenance;
    private final Principals principals;
    private final Counter purged;

    UserDataController(MongoTemplate mongo, Principals principals, MeterRegistry meters) {
        this.maintenance = new StoreMaintenance(mongo);
        this.principals = principals;
        this.purged = Counter.builder("mail.users.purged").description("users whose mail data was deleted")
                .register(meters);
    }

    /**
     * {@code address}, optional, is the user's address: the domain quota counter the usage is given
     * back to is the one the user's quota counter recorded, and the address's domain only for a
     * counter from before that record (the token of an admin names no address).
     */
    @DeleteMapping("/api/mail/users/{userId}/data")
    DeletedView delete(HttpServletRequest request, @PathVariable String userId,
                       @RequestParam(required = false) String tenant,
                       @RequestParam(required = false) String address) {
        Principal admin = principals.resolve(request, userId, tenant);
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (address != null && (at <= 0 || at == address.length() - 1)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "?address= must be the user's address");
        }
        Principal owner = new Principal(admin.tenantId(), admin.userId(), address == null ? admin.userId() : address);
        StoreMaintenance.DeletedUserData d = maintenance.deleteUserData(owner);
        purged.increment();
        log.info("deleted mail data of user {} of tenant {}: {} mailboxes, {} messages, {} bytes of quota, {} Sieve scripts",
                owner.userId(), owner.tenantId(), d.mailboxes(), d.messages(), d.quotaBytes(), d.sieveScripts());
        return new DeletedView(d.mailboxes(), d.messages(), d.quotaBytes(), d.quotaMessages(), d.sieveScripts());
    }

    @ExceptionHandler(DataAccessResourceFailureException.class)
    ProblemDetail unavailable(DataAccessResourceFailureException e) {
        log.warn("deleting a user's mail data failed, MongoDB unavailable: {}", e.toString());
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "MongoDB unavailable; run it again");
    }
}
