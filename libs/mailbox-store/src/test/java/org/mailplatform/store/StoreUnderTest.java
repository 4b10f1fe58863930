package org.mailplatform.store;

import java.util.UUID;

import org.mailplatform.model.Principal;

/** The store a contract test runs against, and a fresh user for each test. */
interface StoreUnderTest {

    MailboxStore store();

    default Principal newUser() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        return new Principal("tenant-" + id, "user-" + id, id + "@example.com");
    }
}
