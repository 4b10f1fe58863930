package org.mailplatform.delivery.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.jdkim.exceptions.PermFailException;
import org.junit.jupiter.api.Test;

/** Several readers of one body over one read of it, whichever of them fail and when. */
class OneReadBodyTest {

    private static final byte[] BODY = "line\r\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);

    private final AtomicInteger reads = new AtomicInteger();
    private final InputStream body = new ByteArrayInputStream(BODY) {
        @Override
        public synchronized int read(byte[] b, int off, int len) {
            reads.incrementAndGet();
            return super.read(b, off, len);
        }
    };

    private static OneReadBody.Reader<byte[]> copying() {
        return in -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        };
    }

    @Test
    void everyReaderGetsTheWholeBodyFromOneRead() throws IOException {
        List<OneReadBody.Result<byte[]>> results = OneReadBody.readAll(body, List.of(copying(), copying(), copying()));

        assertThat(results).allSatisfy(r -> assertThat(r.value()).isEqualTo(BODY));
        assertThat(reads.get()).as("16 KiB chunks, read once").isEqualTo(BODY.length / (16 * 1024) + 2);
    }

    @Test
    void aReaderFailingBeforeOrAfterTakingTheBodyFailsAlone() throws IOException {
        OneReadBody.Reader<byte[]> early = in -> {
            throw new PermFailException("bad template");
        };
        OneReadBody.Reader<byte[]> late = in -> {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            throw new PermFailException("bad key");
        };
        OneReadBody.Reader<byte[]> reading = in -> new byte[] { (byte) in.read() };

        List<OneReadBody.Result<byte[]>> results = OneReadBody.readAll(body,
                List.of(copying(), early, late, reading, copying()));

        assertThat(results).extracting(OneReadBody.Result::ok).containsExactly(true, false, false, false, true);
        assertThat(results.get(0).value()).isEqualTo(BODY);
        assertThat(results.get(4).value()).isEqualTo(BODY);
        assertThat(results.get(1).failure()).hasMessage("bad template");
        assertThat(results.get(2).failure()).hasMessage("bad key");
        assertThat(results.get(3).failure()).hasMessageContaining("transferTo only");
    }

    @Test
    void noReaderTakingTheBodyStillEnds() throws IOException {
        OneReadBody.Reader<byte[]> early = in -> {
            throw new PermFailException("bad template");
        };
        assertThat(OneReadBody.readAll(body, List.of(early, early))).extracting(OneReadBody.Result::ok)
                .containsExactly(false, false);
    }
}
