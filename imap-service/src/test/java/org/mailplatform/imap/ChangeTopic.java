package org.mailplatform.imap;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.mailplatform.model.Topics;
import org.mailplatform.teststack.TestStack;

/** Creates {@code mailbox.changes} on the test stack's broker (standalone and the Helm hook do it in production). */
final class ChangeTopic {

    private static volatile boolean created;

    private ChangeTopic() {
    }

    static synchronized void ensure() {
        if (created) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.endpoints().kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.MAILBOX_CHANGES, 2, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        created = true;
    }
}
