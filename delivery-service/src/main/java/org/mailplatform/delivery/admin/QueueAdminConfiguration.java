package org.mailplatform.delivery.admin;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.mailplatform.delivery.config.DeliveryProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires the queue admin API and its token check. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({QueueAdminProperties.class, AdminJwtProperties.class})
public class QueueAdminConfiguration implements WebMvcConfigurer {

    private final AdminTokenVerifier verifier;

    public QueueAdminConfiguration(AdminJwtProperties jwt) {
        this.verifier = new AdminTokenVerifier(jwt);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AdminAuthInterceptor(verifier)).addPathPatterns("/api/admin/queue", "/api/admin/queue/**");
    }

    @Bean(destroyMethod = "close")
    QueueReader queueReader(DeliveryProperties d, QueueAdminProperties p) {
        return new QueueReader(kafka(d), p.kafkaTimeout());
    }

    @Bean(destroyMethod = "close")
    DlqReplayer dlqReplayer(DeliveryProperties d) {
        return new DlqReplayer(kafka(d), "delivery-queue-admin-" + d.instanceIdOrHost());
    }

    @Bean
    QueueService queueService(QueueReader reader, DlqReplayer replayer, DeliveryProperties d, QueueAdminProperties p) {
        DeliveryProperties.TopicNames t = d.topics();
        List<QueueTopic> queues = List.of(new QueueTopic("inbound", t.inbound(), "delivery-router"),
                new QueueTopic("local", t.local(), "delivery-local"),
                new QueueTopic("outbound", t.outbound(), "delivery-outbound"),
                new QueueTopic("retry", t.retry(), "delivery-retry"),
                new QueueTopic(QueueService.DLQ, t.dlq(), null));
        return new QueueService(reader, new HiddenEntries(reader, p.hiddenTopic()), replayer, queues,
                p.maxListEntries(), p.countScanLimit());
    }

    private static Map<String, Object> kafka(DeliveryProperties d) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, d.bootstrapServers());
    }
}
