package org.mailplatform.bench.smtp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints every record of the given topics, from their beginning, whose value contains a string:
 * proof that a message went through a queue even when a stage has already consumed it. Joins no
 * consumer group and commits nothing.
 *
 * <pre>TopicGrep BOOTSTRAP NEEDLE TOPIC...</pre>
 *
 * Exits 0 when at least one record matched, 1 otherwise.
 */
public final class TopicGrep {

    private TopicGrep() {
    }

    public static void main(String[] args) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        String needle = args[1];
        int matches = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            for (int t = 2; t < args.length; t++) {
                List<TopicPartition> partitions = consumer.partitionsFor(args[t]).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                        String value = new String(record.value(), StandardCharsets.UTF_8);
                        if (value.contains(needle)) {
                            matches++;
                            System.out.println(record.topic() + "-" + record.partition() + "@" + record.offset()
                                    + " key=" + record.key() + " " + value);
                        }
                    }
                }
            }
        }
        System.exit(matches > 0 ? 0 : 1);
    }
}
