package org.mailplatform.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;

/**
 * {@code variables} (RFC 5229) and {@code relational} (RFC 5231) carried out at local delivery against
 * the test stack: a mailing list filed by what a {@code :matches} captured of its List-Id, into a
 * mailbox {@code fileinto :create} makes; a spam score compared as a number.
 */
class SieveVariablesDeliveryTest extends SieveDeliveryTestBase {

    @Test
    void aListIsFiledByItsListIdIntoAMailboxNamedFromTheMatch() throws Exception {
        Principal user = user("lists");
        store.ensureDefaultMailboxes(user);
        activate(user, """
                require ["fileinto", "mailbox", "variables"];
                if header :matches "List-Id" "*<*.*>*" {
                    set :lower "list" "${2}";
                    fileinto :create "lists/${list}";
                }
                """);

        deliverer().handle(record(user, message(user.address(), "from the list",
                "List-Id: Developers of Foo <Foo-Dev.lists.example.org>\r\n"), null));
        deliverer().handle(record(user, message(user.address(), "not from a list", ""), null));

        assertThat(store.find(user, "lists/foo-dev")).isPresent();
        assertThat(subjects(messages(user, "lists/foo-dev"))).containsExactly("from the list");
        assertThat(subjects(inbox(user))).containsExactly("not from a list");
    }

    @Test
    void aSpamScoreIsComparedAsANumber() throws Exception {
        Principal user = user("score");
        store.ensureDefaultMailboxes(user);
        store.create(user, "Spam");
        activate(user, """
                require ["fileinto", "relational", "comparator-i;ascii-numeric"];
                if header :value "ge" :comparator "i;ascii-numeric" "X-Spam-Score" "5" { fileinto "Spam"; }
                """);

        // "12" >= "5" only as numbers; "4" < "5"
        deliverer().handle(record(user, message(user.address(), "spammy", "X-Spam-Score: 12\r\n"), null));
        deliverer().handle(record(user, message(user.address(), "fine", "X-Spam-Score: 4\r\n"), null));
        deliverer().handle(record(user, message(user.address(), "unscored", ""), null));

        assertThat(subjects(messages(user, "Spam"))).containsExactly("spammy");
        assertThat(subjects(inbox(user))).containsExactlyInAnyOrder("fine", "unscored");
    }
}
