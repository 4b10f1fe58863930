package org.mailplatform.delivery.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.mailplatform.delivery.DeliveryTestBase;
import org.mailplatform.delivery.stage.TransactionalStage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The stages' batch sizes as configured by default: the router, local and retry stages take Kafka's
 * 500 records per poll and transaction with 15 minutes to process them, the outbound stage its own
 * smaller batch, which must finish within its batch time however slow the remote servers are.
 */
class StageBatchSizesTest extends DeliveryTestBase {

    @Autowired
    ApplicationContext context;

    @Test
    void outboundBatchesAreSmallerThanTheOtherStages() {
        Map<String, TransactionalStage> stages = context.getBeansOfType(TransactionalStage.class);
        assertThat(stages.values()).extracting(TransactionalStage::name)
                .contains("router", "local", "outbound", "retry");
        stages.values().forEach(stage -> assertThat(stage.settings().maxPollRecords()).as(stage.name())
                .isEqualTo(stage.name().equals("outbound") ? 100 : 500));
        // a batch of 500 has 15 minutes (1.8s a record) before Kafka takes the consumer for dead;
        // the outbound stage's batch time is its own (30 minutes)
        stages.values().forEach(stage -> assertThat(stage.settings().kafka())
                .as(stage.name()).containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                        stage.name().equals("outbound") ? 30 * 60_000 : 15 * 60_000));
    }
}
