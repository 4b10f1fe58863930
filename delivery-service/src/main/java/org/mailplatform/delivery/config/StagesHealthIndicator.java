package org.mailplatform.delivery.config;

import java.util.List;

import org.mailplatform.delivery.stage.TransactionalStage;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code deliveryStages} health: DOWN when a stage's loop thread is gone (it restarts itself after
 * Kafka failures, so a dead loop means an error no retry can fix: the instance should be replaced).
 */
final class StagesHealthIndicator implements HealthIndicator {

    private final List<TransactionalStage> stages;

    StagesHealthIndicator(List<TransactionalStage> stages) {
        this.stages = List.copyOf(stages);
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        for (TransactionalStage stage : stages) {
            health.withDetail(stage.name(), stage.isRunning() ? "running" : "stopped");
            if (!stage.isRunning()) {
                health.down();
            }
        }
        return health.build();
    }
}
