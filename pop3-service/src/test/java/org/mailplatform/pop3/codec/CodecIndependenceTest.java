package org.mailplatform.pop3.codec;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The codec is plain Java: it parses and encodes and knows nothing of Netty, Spring, storage or the server. */
@AnalyzeClasses(packages = "org.mailplatform.pop3", importOptions = ImportOption.DoNotIncludeTests.class)
class CodecIndependenceTest {

    @ArchTest
    static final ArchRule codecImportsNoNettyNoSpringNoServer = noClasses()
            .that().resideInAPackage("org.mailplatform.pop3.codec..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.springframework..",
                    "org.mailplatform.protocol..", "org.mailplatform.store..", "org.mailplatform.directory..",
                    "com.mongodb..", "org.apache.kafka..", "org.mailplatform.pop3.server..",
                    "org.mailplatform.pop3.maildrop..", "org.mailplatform.pop3.lease..");
}
