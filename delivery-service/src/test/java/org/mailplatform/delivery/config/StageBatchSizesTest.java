package org.mailplatform.delivery.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailplatform.delivery.DeliveryTestBase;
import org.mailplatform.delivery.stage.TransactionalStage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The stages' batch sizes as configured by default: the router, local and retry stages take Kafka's
 * 500 records per poll and transaction, the outbound stage its own smaller batch, which must finish
 * within its batch time however slow the remote servers are.
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
    }
}
