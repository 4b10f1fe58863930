package org.mailplatform.teststack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;

@WithTestStack
class S3RoundTripTest {

    private static final int PART_SIZE = 5 * 1024 * 1024;

    private MinioClient s3;
    private final String bucket = "roundtrip-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void connect(BackendEndpoints stack) throws Exception {
        s3 = MinioClient.builder()
                .endpoint(stack.s3().url())
                .credentials(stack.s3().accessKey(), stack.s3().secretKey())
                .region(stack.s3().region())
                .build();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
    }

    @AfterEach
    void close() throws Exception {
        s3.close();
    }

    @Test
    void streamOfUnknownLengthIsStoredByMultipartAndReadBackByRange() throws Exception {
        byte[] payload = new byte[12 * 1024 * 1024 + 123];
        new Random(42).nextBytes(payload);
        // a stream whose length the client cannot know in advance, as an SMTP DATA stream
        InputStream unknownLength = new SequenceInputStream(
                new java.io.ByteArrayInputStream(payload, 0, 7_000_000),
                new java.io.ByteArrayInputStream(payload, 7_000_000, payload.length - 7_000_000));

        s3.putObject(PutObjectArgs.builder().bucket(bucket).object("tenant/2026/11/blob")
                .stream(unknownLength, -1L, (long) PART_SIZE).build());

        assertThat(s3.statObject(StatObjectArgs.builder().bucket(bucket).object("tenant/2026/11/blob").build()).size())
                .isEqualTo(payload.length);
        long offset = 6 * 1024 * 1024 - 10;
        int length = 4096;
        try (InputStream range = s3.getObject(GetObjectArgs.builder().bucket(bucket).object("tenant/2026/11/blob")
                .offset(offset).length((long) length).build())) {
            assertThat(range.readAllBytes())
                    .isEqualTo(Arrays.copyOfRange(payload, (int) offset, (int) offset + length));
        }
    }
}
