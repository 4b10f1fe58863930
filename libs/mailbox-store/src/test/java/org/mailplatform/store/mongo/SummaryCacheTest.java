package org.mailplatform.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailplatform.mime.Envelope;
import org.mailplatform.mime.HeaderField;
import org.mailplatform.mime.MessageSummary;

class SummaryCacheTest {

    @Test
    void metadataRowsNameFieldsOfTheMessageDocument() {
        List<String> fields = Arrays.stream(MessageDocument.class.getRecordComponents()).map(RecordComponent::getName)
                .map(name -> name.equals("id") ? "_id" : name).toList();

        assertThat(fields).containsAll(Arrays.asList(MetaRow.FIELDS)).doesNotContainNull();
        assertThat(MetaRow.FIELDS).doesNotContain("summary", "search");
    }

    @Test
    void weightGrowsWithPartsAndHeaderText() {
        MessageSummary small = summary(1, List.of(new HeaderField("Subject", "hi")));
        MessageSummary manyParts = summary(100, List.of(new HeaderField("Subject", "hi")));
        MessageSummary longHeaders = summary(1, List.of(new HeaderField("Received", "x".repeat(10_000))));

        assertThat(SummaryCache.weight(small)).isBetween(1_000, 2_000);
        assertThat(SummaryCache.weight(manyParts)).isGreaterThan(100 * 384);
        assertThat(SummaryCache.weight(longHeaders)).isGreaterThan(20_000);
    }

    private static MessageSummary summary(int parts, List<HeaderField> headers) {
        Envelope envelope = new Envelope(null, "hi", List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                null, null);
        return new MessageSummary(100, 3, envelope, null, headers, parts, List.of());
    }
}
