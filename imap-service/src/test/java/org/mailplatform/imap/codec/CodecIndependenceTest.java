package org.mailplatform.imap.codec;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The codec is plain Java: it parses and encodes and knows nothing of Netty, Spring or the server.
 * Of protocol-kit it may use only {@code org.mailplatform.protocol.syntax}, the plain-Java syntax
 * IMAP shares with ManageSieve.
 */
@AnalyzeClasses(packages = "org.mailplatform.imap", importOptions = ImportOption.DoNotIncludeTests.class)
class CodecIndependenceTest {

    @ArchTest
    static final ArchRule codecImportsNoNettyNoSpringNoServer = noClasses()
            .that().resideInAPackage("org.mailplatform.imap.codec..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.springframework..",
                    "org.mailplatform.protocol", "org.mailplatform.protocol.frame..", "org.mailplatform.protocol.server..",
                    "org.mailplatform.protocol.session..", "org.mailplatform.protocol.limit..",
                    "org.mailplatform.protocol.tls..", "org.mailplatform.protocol.metrics..",
                    "org.mailplatform.protocol.dns..", "org.mailplatform.mailbox..", "org.mailplatform.blob..",
                    "org.mailplatform.directory..", "org.apache.kafka..", "com.mongodb..")
            .orShould().dependOnClassesThat().resideInAnyPackage("org.mailplatform.imap",
                    "org.mailplatform.imap.session..", "org.mailplatform.imap.auth..", "org.mailplatform.imap.config..",
                    "org.mailplatform.imap.mailbox..", "org.mailplatform.imap.message..");
}
