package org.mailplatform.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 page cache of the file-backed server: 64 MB unless set, a size below 1 MB refused. */
class EmbeddedMongoCacheTest {

    @TempDir
    Path dir;

    @AfterEach
    void unset() {
        System.clearProperty(EmbeddedMongo.CACHE_PROPERTY);
    }

    @Test
    void theCacheIs64MbUnlessSet() {
        assertThat(EmbeddedMongo.cacheSizeMb()).isEqualTo(64);
        System.setProperty(EmbeddedMongo.CACHE_PROPERTY, "128");
        assertThat(EmbeddedMongo.cacheSizeMb()).isEqualTo(128);
    }

    @Test
    void aCacheBelowOneMegabyteIsRefusedBeforeAnythingIsOpened() {
        System.setProperty(EmbeddedMongo.CACHE_PROPERTY, "0");
        assertThatThrownBy(() -> EmbeddedMongo.persistent(dir.resolve("mail.mv"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mail.embedded.mongo-cache-mb");
        assertThat(dir.resolve("mail.mv")).doesNotExist();
    }
}
